<#-- Notice on the voter's other channel: a new identifier was issued (not which). -->
<html lang="${locale.language}">
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1b1b1f;">
<p>${msg("isoloirNewIdentifierEmailGreeting")}</p>
<p>${msg((oldStillWorks?? && oldStillWorks)?then("isoloirPendingNoticeEmailIntro", "isoloirIdentifierNoticeEmailIntro"), electionName, sentTo)}</p>
<p>${msg("isoloirIdentifierNoticeEmailNotYou")}</p>
</body>
</html>
