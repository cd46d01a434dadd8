<#import "template.ftl" as layout>
<#import "isoloir.ftl" as isoloir>
<#-- Identifiant oublié ou perdu: one field for the email or mobile number, then the captcha. The image
     has a text alternative in words (SEC-E7): the field accepts either answer. -->
<@layout.registrationLayout displayMessage=!messagesPerField.existsError('contact','captcha'); section>
    <#if section = "header">
        ${msg("isoloirLostTitle")}
    <#elseif section = "form">
        <p class="isoloir-intro">${msg("isoloirLostIntro")}</p>
        <form id="isoloir-lost-form" class="isoloir-form" action="${url.loginAction}" method="post" novalidate>
            <@isoloir.field name="contact" label=msg("isoloirLostContactLabel") hint=msg("isoloirLostContactHint")
                autocomplete="email" value=(contact!'') maxlength="254"/>
            <fieldset class="isoloir-captcha">
                <legend>${msg("isoloirCaptchaLegend")}</legend>
                <img id="isoloir-captcha-image" src="${captchaImage}" width="220" height="70" alt="${msg("isoloirCaptchaAlt")}">
                <p class="isoloir-hint" id="isoloir-captcha-question">${msg("isoloirCaptchaQuestion", msg("isoloirNumber" + captchaTermA), msg("isoloirNumber" + captchaTermB))}</p>
                <@isoloir.field name="captcha" label=msg("isoloirCaptchaLabel") hint=msg("isoloirCaptchaHint")
                    autocomplete="off" autocapitalize="characters" maxlength="32" describedBy="isoloir-captcha-question"/>
            </fieldset>
            <#-- "Demander" comes first: the Enter key submits with the form's first button. -->
            <@isoloir.submit label=msg("isoloirLostSubmit")/>
            <@isoloir.submit label=msg("isoloirCaptchaNew") name="newCaptcha" value="true" secondary=true/>
        </form>
        <p class="isoloir-link"><a href="${url.loginRestartFlowUrl}">${msg("isoloirLostBack")}</a></p>
        <@isoloir.stuck>
            <p>${msg("isoloirLostPostal")}</p>
        </@isoloir.stuck>
    </#if>
</@layout.registrationLayout>
