<#import "template.ftl" as layout>
<#-- Logout confirmation in our frame, without the base theme's inline onsubmit (strict CSP). -->
<@layout.registrationLayout; section>
    <#if section = "header">
        ${msg("isoloirLogoutTitle")}
    <#elseif section = "form">
        <p class="isoloir-intro">${msg("isoloirLogoutIntro")}</p>
        <form id="isoloir-logout-form" class="isoloir-form" action="${url.logoutConfirmAction}" method="post">
            <input type="hidden" name="session_code" value="${logoutConfirm.code}">
            <button class="isoloir-button" type="submit" name="confirmLogout" id="kc-logout" value="${msg("isoloirLogout")}">${msg("isoloirLogout")}</button>
        </form>
        <#if !logoutConfirm.skipLink && (client.baseUrl)?has_content>
            <p class="isoloir-link"><a id="isoloir-back" href="${client.baseUrl}">${msg("isoloirBackToVotingSite")}</a></p>
        </#if>
    </#if>
</@layout.registrationLayout>
