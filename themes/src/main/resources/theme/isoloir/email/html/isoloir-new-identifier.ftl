<#-- New identifier email (HTML): the identifier first, then where to use it. No secret: the passphrase is unchanged. -->
<html lang="${locale.language}">
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1b1b1f;">
<p>${msg("isoloirNewIdentifierEmailGreeting")}</p>
<p>${msg("isoloirNewIdentifierEmailIntro", electionName)}</p>
<p style="font-size: 28px; font-weight: bold; letter-spacing: 4px;">${identifier}</p>
<p>${msg((oldStillWorks?? && oldStillWorks)?then("isoloirNewIdentifierEmailOldStillWorks", "isoloirNewIdentifierEmailOld"))}</p>
<#if votingSiteUrl?has_content><p>${msg("isoloirNewIdentifierEmailSite")} <a href="${votingSiteUrl}">${votingSiteUrl}</a></p></#if>
<p>${msg((oldStillWorks?? && oldStillWorks)?then("isoloirNewIdentifierEmailNotYouStillWorks", "isoloirNewIdentifierEmailNotYou"))}</p>
</body>
</html>
