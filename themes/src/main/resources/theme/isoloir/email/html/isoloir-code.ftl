<#-- Connection code email (HTML). The code comes first, in large type; no link to type a secret into. -->
<html lang="${locale.language}">
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1b1b1f;">
<p>${msg("isoloirCodeEmailGreeting")}</p>
<p>${msg("isoloirCodeEmailIntro", electionName)}</p>
<p style="font-size: 28px; font-weight: bold; letter-spacing: 4px;">${code}</p>
<p>${msg("isoloirCodeEmailValidity", validityMinutes)}</p>
<p>${msg("isoloirCodeEmailNotYou")}</p>
</body>
</html>
