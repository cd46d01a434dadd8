<#import "template.ftl" as layout>
<#-- Keycloak's information page in our frame; the way on is a real link, styled as a button. -->
<@layout.registrationLayout displayMessage=false; section>
    <#if section = "header">
        <#if messageHeader??>
            ${kcSanitize(msg("${messageHeader}"))?no_esc}
        <#else>
            ${msg("isoloirInfoTitle")}
        </#if>
    <#elseif section = "form">
        <div class="isoloir-alert isoloir-alert--info" role="status" id="isoloir-message">
            <p>${kcSanitize((message.summary)!'')?no_esc}<#if requiredActions??><#list requiredActions>: <#items as reqActionItem>${kcSanitize(msg("requiredAction.${reqActionItem}"))?no_esc}<#sep>, </#items></#list></#if></p>
        </div>
        <#if !skipLink??>
            <#if pageRedirectUri?has_content>
                <p class="isoloir-link"><a id="isoloir-back" class="isoloir-button" href="${pageRedirectUri}">${msg("isoloirBackToVotingSite")}</a></p>
            <#elseif actionUri?has_content>
                <p class="isoloir-link"><a id="isoloir-continue" class="isoloir-button" href="${actionUri}">${msg("isoloirContinue")}</a></p>
            <#elseif (client.baseUrl)?has_content>
                <p class="isoloir-link"><a id="isoloir-back" class="isoloir-button" href="${client.baseUrl}">${msg("isoloirBackToVotingSite")}</a></p>
            </#if>
        </#if>
    </#if>
</@layout.registrationLayout>
