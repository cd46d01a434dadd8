<#ftl output_format="plainText">
${msg("isoloirIdentifierEmailGreeting")}

${msg("isoloirIdentifierEmailIntro", electionName)}

    ${identifier}
<#if votingSiteUrl?has_content>

${msg("isoloirIdentifierEmailSite")} ${votingSiteUrl}
</#if>

${msg("isoloirIdentifierEmailSteps")}

${msg("isoloirIdentifierEmailNotYou")}
