<#import "template.ftl" as layout>
<#-- "Page has expired" (back button, second tab...): two plain choices instead of "click here". -->
<@layout.registrationLayout; section>
    <#if section = "header">
        ${msg("isoloirPageExpiredTitle")}
    <#elseif section = "form">
        <p class="isoloir-intro">${msg("isoloirPageExpiredIntro")}</p>
        <ul class="isoloir-choices">
            <li><a id="loginContinueLink" class="isoloir-button" href="${url.loginAction}">${msg("isoloirPageExpiredContinue")}</a></li>
            <li><a id="loginRestartLink" class="isoloir-button isoloir-button--secondary" href="${url.loginRestartFlowUrl}">${msg("isoloirRestart")}</a></li>
        </ul>
    </#if>
</@layout.registrationLayout>
