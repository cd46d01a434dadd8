<#import "template.ftl" as layout>
<#import "isoloir.ftl" as isoloir>
<@layout.registrationLayout step=1 displayMessage=!messagesPerField.existsError('identifier'); section>
    <#if section = "header">
        ${msg("isoloirIdentifierTitle")}
    <#elseif section = "form">
        <p class="isoloir-intro">${msg("isoloirIdentifierIntro")}</p>
        <form id="isoloir-identifier-form" class="isoloir-form" action="${url.loginAction}" method="post" novalidate>
            <@isoloir.field name="identifier" label=msg("isoloirIdentifierLabel") hint=msg("isoloirIdentifierHint")
                autocomplete="username" autocapitalize="characters" value=(identifier!'') maxlength="64"/>
            <@isoloir.submit label=msg("isoloirLogIn")/>
        </form>
        <#if realm.resetPasswordAllowed && url.loginResetCredentialsUrl??>
        <p class="isoloir-link"><a id="isoloir-lost-identifier" href="${url.loginResetCredentialsUrl}">${msg("isoloirLostIdentifier")}</a></p>
        </#if>
        <@isoloir.stuck>
            <p>${msg("isoloirIdentifierStuck")}</p>
        </@isoloir.stuck>
    </#if>
</@layout.registrationLayout>
