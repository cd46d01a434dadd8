<#import "template.ftl" as layout>
<#import "isoloir.ftl" as isoloir>
<@layout.registrationLayout step=3 displayMessage=!messagesPerField.existsError('passphrase'); section>
    <#if section = "header">
        ${msg("isoloirPassphraseTitle")}
    <#elseif section = "form">
        <p class="isoloir-intro">${msg("isoloirPassphraseIntro")}</p>
        <form id="isoloir-passphrase-form" class="isoloir-form" action="${url.loginAction}" method="post" novalidate
              data-show-label="${msg("isoloirPassphraseShow")}" data-hide-label="${msg("isoloirPassphraseHide")}">
            <input type="text" name="username" value="${(auth.attemptedUsername)!''}" autocomplete="username" hidden>
            <@isoloir.field name="passphrase" label=msg("isoloirPassphraseLabel") type="password" autocomplete="current-password" extraClass="isoloir-field--passphrase" maxlength="1024"/>
            <@isoloir.submit label=msg("isoloirLogIn")/>
        </form>
        <@isoloir.stuck>
            <p>${msg("isoloirPassphraseStuck")}</p>
        </@isoloir.stuck>
    </#if>
</@layout.registrationLayout>
