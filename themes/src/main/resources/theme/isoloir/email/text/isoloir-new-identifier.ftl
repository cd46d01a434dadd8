<#ftl output_format="plainText">
${msg("isoloirNewIdentifierEmailGreeting")}

${msg("isoloirNewIdentifierEmailIntro", electionName)}

    ${identifier}

${msg("isoloirNewIdentifierEmailOld")}
<#if votingSiteUrl?has_content>

${msg("isoloirNewIdentifierEmailSite")} ${votingSiteUrl}
</#if>

${msg("isoloirNewIdentifierEmailNotYou")}
