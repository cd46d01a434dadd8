<#ftl output_format="plainText">
${msg("isoloirNewIdentifierEmailGreeting")}

${msg((by == "import")?then("isoloirAccessChangeEmailIntroImport", "isoloirAccessChangeEmailIntro"), when, electionName)}

<#if removed>
${msg("isoloirAccessChangeEmailRemoved")}
<#elseif credential>
${msg("isoloirAccessChangeEmailCredential")}
<#else>
<#list changes as change>
- ${msg("isoloirAccessChangeEmailLine", msg("isoloirAccessChangeField." + change.what), change.before, change.after)}
</#list>
</#if>

${msg("isoloirAccessChangeEmailNotYou")}
