<#import "template.ftl" as layout>
<#-- The same page whether or not the contact matched a voter, and whatever limit applied (SEC-E1). -->
<@layout.registrationLayout; section>
    <#if section = "header">
        ${msg("isoloirLostSentTitle")}
    <#elseif section = "form">
        <p id="isoloir-lost-sent" class="isoloir-intro">${msg("isoloirLostSentIntro")}</p>
        <p>${msg("isoloirLostSentSpam")}</p>
        <p>${msg("isoloirLostPostal")}</p>
        <p class="isoloir-link"><a href="${url.loginRestartFlowUrl}">${msg("isoloirLostBack")}</a></p>
    </#if>
</@layout.registrationLayout>
