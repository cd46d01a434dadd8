<#--
  Form macros for voter pages: the label, hint and error of a field are bound once here
  (aria-describedby; aria-invalid only when invalid; required unless told otherwise; autocomplete; inputmode).
-->
<#macro field name label hint="" type="text" autocomplete="" inputmode="" autocapitalize="" value="" extraClass="" maxlength="" describedBy="" required=true>
<#assign invalid = messagesPerField.existsError(name)>
<#assign fieldId = "isoloir-" + name>
<div class="isoloir-field<#if invalid> isoloir-field--invalid</#if> ${extraClass}">
    <label for="${fieldId}">${label}</label>
    <#if hint?has_content><p class="isoloir-hint" id="${fieldId}-hint">${hint}</p></#if>
    <#if invalid><p class="isoloir-error" id="${fieldId}-error">${kcSanitize(messagesPerField.get(name))?no_esc}</p></#if>
    <input id="${fieldId}" name="${name}" type="${type}" value="${value}"<#if required> required</#if>
           <#if autocomplete?has_content>autocomplete="${autocomplete}"</#if>
           <#if inputmode?has_content>inputmode="${inputmode}"</#if>
           <#if autocapitalize?has_content>autocapitalize="${autocapitalize}"</#if>
           <#if maxlength?has_content>maxlength="${maxlength}"</#if>
           spellcheck="false"
           <#if hint?has_content || invalid || describedBy?has_content>aria-describedby="<#if invalid>${fieldId}-error </#if><#if hint?has_content>${fieldId}-hint</#if><#if describedBy?has_content> ${describedBy}</#if>"</#if>
           <#if invalid>aria-invalid="true" autofocus</#if>>
    <#nested>
</div>
</#macro>

<#macro submit label name="" value="" secondary=false>
<button class="isoloir-button<#if secondary> isoloir-button--secondary</#if>" type="submit"<#if name?has_content> name="${name}" value="${value}"</#if>>${label}</button>
</#macro>

<#macro stuck>
<details class="isoloir-stuck">
    <summary>${msg("isoloirStuckSummary")}</summary>
    <#nested>
</details>
</#macro>
