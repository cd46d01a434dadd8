<#-- Access-change notice: what changed (masked values only), when, and whom to call. No secret. -->
<html lang="${locale.language}">
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1b1b1f;">
<p>${msg("isoloirNewIdentifierEmailGreeting")}</p>
<p>${msg((by == "import")?then("isoloirAccessChangeEmailIntroImport", "isoloirAccessChangeEmailIntro"), when, electionName)}</p>
<#if removed>
<p>${msg("isoloirAccessChangeEmailRemoved")}</p>
<#elseif credential>
<p>${msg("isoloirAccessChangeEmailCredential")}</p>
<#else>
<ul>
<#list changes as change>
<li>${msg("isoloirAccessChangeEmailLine", msg("isoloirAccessChangeField." + change.what), change.before, change.after)}</li>
</#list>
</ul>
</#if>
<p>${msg("isoloirAccessChangeEmailNotYou")}</p>
</body>
</html>
