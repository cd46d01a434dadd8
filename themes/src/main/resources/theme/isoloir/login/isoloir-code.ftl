<#import "template.ftl" as layout>
<#import "isoloir.ftl" as isoloir>
<#-- One page for every voter who gets a code by email or SMS, and for identifiers that match nobody:
     it never says which address received the code. Postal voters see the letter variant. -->
<@layout.registrationLayout step=2 displayMessage=!messagesPerField.existsError('code'); section>
    <#if section = "header">
        ${msg("isoloirCodeTitle")}
    <#elseif section = "form">
        <#if postal>
            <p class="isoloir-intro">${msg("isoloirCodePostalIntro")}</p>
        <#else>
            <p class="isoloir-intro">${msg("isoloirCodeSentIntro")}</p>
            <p class="isoloir-validity" id="isoloir-code-validity">${msg("isoloirCodeValidity", codeValidityMinutes)}</p>
        </#if>
        <form id="isoloir-code-form" class="isoloir-form" action="${url.loginAction}" method="post" novalidate>
            <#if postal>
                <@isoloir.field name="code" label=msg("isoloirPostalCodeLabel") hint=msg("isoloirPostalCodeHint")
                    autocomplete="one-time-code" autocapitalize="characters" maxlength="64"/>
            <#else>
                <@isoloir.field name="code" label=msg("isoloirCodeLabel") hint=msg("isoloirCodeHint", codeLength)
                    autocomplete="one-time-code" inputmode="numeric" maxlength="64" describedBy="isoloir-code-validity"/>
            </#if>
            <@isoloir.submit label=msg("isoloirLogIn")/>
        </form>
        <#if !postal>
        <form id="isoloir-resend-form" class="isoloir-form isoloir-form--secondary" action="${url.loginAction}" method="post">
            <p class="isoloir-hint" id="isoloir-resend-hint">${msg("isoloirResendHint", resendWaitSeconds)}</p>
            <button class="isoloir-button isoloir-button--secondary" type="submit" name="resend" value="true" aria-describedby="isoloir-resend-hint">${msg("isoloirResend")}</button>
        </form>
        </#if>
        <@isoloir.stuck>
            <p>${msg("isoloirCodeStuck")}</p>
            <p class="isoloir-link"><a href="${url.loginRestartFlowUrl}">${msg("isoloirRestart")}</a></p>
        </@isoloir.stuck>
    </#if>
</@layout.registrationLayout>
