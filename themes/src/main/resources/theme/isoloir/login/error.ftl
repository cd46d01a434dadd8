<#import "template.ftl" as layout>
<#-- Keycloak's error page (expired link, unknown client, restart cookie lost...) in our frame:
     the message in the frame's alert (once: Keycloak also files it as the page's global message),
     what to do next, a way back to the voting site, the human fallback. -->
<@layout.registrationLayout; section>
    <#if section = "header">
        ${msg("isoloirErrorTitle")}
    <#elseif section = "form">
        <p class="isoloir-intro">${msg("isoloirErrorWhatNow")}</p>
        <#if traceId??>
            <p class="isoloir-hint" id="isoloir-trace-id">${msg("isoloirErrorTraceId", traceId)}</p>
        </#if>
        <#if !skipLink?? && (client.baseUrl)?has_content>
            <p class="isoloir-link"><a id="isoloir-back" class="isoloir-button" href="${client.baseUrl}">${msg("isoloirBackToVotingSite")}</a></p>
        <#else>
            <p class="isoloir-link"><a id="isoloir-restart" href="${url.loginRestartFlowUrl}">${msg("isoloirRestart")}</a></p>
        </#if>
    </#if>
</@layout.registrationLayout>
