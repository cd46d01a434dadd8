<#import "template.ftl" as layout>
<#import "isoloir.ftl" as isoloir>
<@layout.registrationLayout step=3 displayMessage=!(messagesPerField.existsError('passphrase') || messagesPerField.existsError('passphrase-confirm')); section>
    <#if section = "header">
        ${msg("isoloirPassphraseNewTitle")}
    <#elseif section = "form">
        <p class="isoloir-intro">${msg("isoloirPassphraseNewIntro", passphraseMinLength)}</p>
        <ul class="isoloir-guidance" id="isoloir-passphrase-guidance">
            <li>${msg("isoloirPassphraseGuideLength", passphraseMinLength, passphraseMaxLength)}</li>
            <li>${msg("isoloirPassphraseGuideWords")}</li>
            <li>${msg("isoloirPassphraseGuideNoIdentifier")}</li>
            <li>${msg("isoloirPassphraseGuideExample")}</li>
        </ul>
        <form id="isoloir-passphrase-form" class="isoloir-form" action="${url.loginAction}" method="post" novalidate
              data-show-label="${msg("isoloirPassphraseShow")}" data-hide-label="${msg("isoloirPassphraseHide")}">
            <input type="text" name="username" value="${(auth.attemptedUsername)!''}" autocomplete="username" hidden>
            <@isoloir.field name="passphrase" label=msg("isoloirPassphraseNewLabel") type="password" autocomplete="new-password"
                hint=msg("isoloirPassphraseNewHint", passphraseMinLength) extraClass="isoloir-field--passphrase" maxlength="1024" describedBy="isoloir-passphrase-guidance">
                <p class="isoloir-counter" id="isoloir-passphrase-counter" data-min="${passphraseMinLength}" data-template="${msg("isoloirPassphraseCounter", "{count}", passphraseMinLength)}" aria-live="polite" hidden></p>
            </@isoloir.field>
            <@isoloir.field name="passphrase-confirm" label=msg("isoloirPassphraseConfirmLabel") type="password" autocomplete="new-password" extraClass="isoloir-field--passphrase" maxlength="1024"/>
            <@isoloir.submit label=msg("isoloirLogIn")/>
        </form>
    </#if>
</@layout.registrationLayout>
