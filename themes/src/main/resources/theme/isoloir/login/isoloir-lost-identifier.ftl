<#import "template.ftl" as layout>
<#import "isoloir.ftl" as isoloir>
<#-- Identifiant oublié ou perdu: one field for the email or mobile number, then the anti-robot check: a
     captcha to copy and a proof-of-work that js/isoloir.js solves (fr.isoloir.captcha.AntiRobotCheck).
     Once the proof is solved, the captcha may be left empty: the path of a voter who cannot see the image. -->
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
                <@isoloir.field name="captcha" label=msg("isoloirCaptchaLabel") hint=msg("isoloirCaptchaHint")
                    autocomplete="off" autocapitalize="characters" maxlength="32" required=false describedBy="isoloir-pow-status"/>
                <input type="hidden" name="altcha" id="isoloir-pow" value="" data-algorithm="${powAlgorithm}"
                       data-challenge="${powChallenge}" data-salt="${powSalt}" data-max-number="${powMaxNumber?c}">
                <p class="isoloir-hint isoloir-pow-status" id="isoloir-pow-status" role="status"
                   data-working="${msg("isoloirPowWorking")}" data-done="${msg("isoloirPowDone")}"
                   data-failed="${msg("isoloirPowFailed")}" data-waiting="${msg("isoloirPowWaiting")}"></p>
                <noscript><p class="isoloir-hint">${msg("isoloirPowNoScript")}</p></noscript>
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
