<#-- Identifier delivery email (HTML), sent when the election opens: the identifier first, then where and
     how to use it. It carries no secret: the connection code comes later, on the channel the election uses. -->
<html lang="${locale.language}">
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1b1b1f;">
<p>${msg("isoloirIdentifierEmailGreeting")}</p>
<p>${msg("isoloirIdentifierEmailIntro", electionName)}</p>
<p style="font-size: 28px; font-weight: bold; letter-spacing: 4px;">${identifier}</p>
<#if votingSiteUrl?has_content><p>${msg("isoloirIdentifierEmailSite")} <a href="${votingSiteUrl}">${votingSiteUrl}</a></p></#if>
<p>${msg("isoloirIdentifierEmailSteps")}</p>
<p>${msg("isoloirIdentifierEmailNotYou")}</p>
</body>
</html>
