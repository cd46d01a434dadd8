<#--
  The page frame for every voter page, ours and Keycloak's own (error, expired page, info...), which all
  call registrationLayout. Accessibility is done here once: html lang, a distinct title per page
  ("Erreur : " first after a failed submit), one h1, landmarks, a skip link, messages in a live region,
  a language switch made of links. No inline script or style.
-->
<#macro registrationLayout bodyClass="" displayInfo=false displayMessage=true displayRequiredFields=false step=0 others...>
<#-- Captured once: the h1 and the title say the same thing. It is already escaped markup. -->
<#assign heading><#nested "header"></#assign>
<#assign headingText = heading?markup_string?replace("<[^>]*>", "", "r")?trim>
<#assign hasError = (message?has_content && message.type = 'error')>
<#-- Election settings (fr.isoloir.election.ElectionSettings): the realm attributes set on the console's
     "Election settings" page first, then the theme's branding properties, then the realm's display name. -->
<#assign electionAttributes = (realm.attributes)!{}>
<#assign electionName = ((electionAttributes['isoloir.electionName'])!'')?trim>
<#if !electionName?has_content><#assign electionName = (properties.isoloirElectionName?has_content)?then(properties.isoloirElectionName, (realm.displayName)!'')></#if>
<#assign helpContact = ((electionAttributes['isoloir.helpContact'])!'')?trim>
<#if !helpContact?has_content><#assign helpContact = (properties.isoloirHelpContact)!''></#if>
<#-- The step's reloadable address: the form's action without its one-time session_code. Keycloak puts it
     in the address bar with an inline script, which the realm's Content-Security-Policy blocks; js/isoloir.js
     does it instead, so that reloading a step shows the step again rather than "page expired".
     Keycloak's error page has no action: its url.loginAction throws, which "!" does not catch. -->
<#assign loginAction = "">
<#if !(url.hasAction)?? || url.hasAction()><#assign loginAction = (url.loginAction)!''></#if>
<#assign stepUrl = (loginAction?contains("/login-actions/authenticate") && loginAction?contains("session_code="))?then(
    loginAction?replace("session_code=[^&]*&?", "", "r")?replace("[?&]$", "", "r"), "")>
<#-- A message of the page itself (bound to no field) is shown even when a field has its own error:
     "we could not send you a code" must not vanish because the code field was also left empty. -->
<#assign pageMessage = "">
<#if message?has_content && (message.type != 'warning' || !isAppInitiatedAction??)>
    <#if displayMessage>
        <#-- Keycloak sends a message without a summary when posts race on one login (a stale session code). -->
        <#assign pageMessage = (message.summary)!''>
    <#elseif (messagesPerField.exists('global'))!false>
        <#assign pageMessage = messagesPerField.get('global')>
    </#if>
</#if>
<!DOCTYPE html>
<html lang="${(locale.currentLanguageTag)!'fr'}">
<head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex, nofollow">
    <title><#if hasError>${msg("isoloirTitleErrorPrefix")}</#if><#if step gt 0>${msg("isoloirStepOf", step, 3)} - </#if>${headingText?no_esc}<#if electionName?has_content> - ${electionName}</#if></title>
    <link rel="icon" href="${url.resourcesPath}/img/favicon.svg" type="image/svg+xml">
    <#if properties.styles?has_content>
        <#list properties.styles?split(' ') as style>
    <link href="${url.resourcesPath}/${style}" rel="stylesheet">
        </#list>
    </#if>
    <#if properties.scripts?has_content>
        <#list properties.scripts?split(' ') as script>
    <script src="${url.resourcesPath}/${script}" defer></script>
        </#list>
    </#if>
</head>
<body class="isoloir ${bodyClass}"<#if stepUrl?has_content> data-isoloir-step-url="${stepUrl}"</#if>>
<a id="isoloir-skip" class="isoloir-skip" href="#isoloir-main">${msg("isoloirSkipToContent")}</a>
<header class="isoloir-header">
    <div class="isoloir-header__inner">
        <#if properties.isoloirLogoUrl?has_content><img class="isoloir-logo" src="${properties.isoloirLogoUrl}" alt=""></#if>
        <p class="isoloir-election">${electionName}</p>
        <#if realm.internationalizationEnabled && locale.supported?size gt 1>
        <nav class="isoloir-languages" aria-label="${msg("isoloirLanguages")}">
            <ul>
            <#list locale.supported as l>
                <li><a href="${l.url}" lang="${l.languageTag}" hreflang="${l.languageTag}"<#if l.languageTag = locale.currentLanguageTag> aria-current="true"</#if>><#if l.languageTag = 'fr' || l.languageTag = 'en'>${msg("isoloirLanguageName_" + l.languageTag)}<#else>${l.label}</#if></a></li>
            </#list>
            </ul>
        </nav>
        </#if>
    </div>
</header>
<main id="isoloir-main" class="isoloir-main" tabindex="-1">
    <div class="isoloir-card">
        <#if step gt 0><p class="isoloir-step">${msg("isoloirStepOf", step, 3)}</p></#if>
        <h1 id="isoloir-title">${heading}</h1>
        <#if pageMessage?has_content>
        <div class="isoloir-alert isoloir-alert--${message.type}" <#if message.type = 'error'>role="alert"<#else>role="status"</#if> id="isoloir-message">
            <p>${kcSanitize(pageMessage)?no_esc}</p>
        </div>
        </#if>
        <#nested "form">
        <#if displayInfo>
        <div class="isoloir-info">
            <#nested "info">
        </div>
        </#if>
    </div>
</main>
<footer class="isoloir-footer">
    <p>${msg("isoloirHumanFallback")}<#if helpContact?has_content> ${msg("isoloirHelpContactIs", helpContact)}</#if></p>
</footer>
</body>
</html>
</#macro>
