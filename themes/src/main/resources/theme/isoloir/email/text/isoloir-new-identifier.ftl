<#ftl output_format="plainText">
${msg("isoloirNewIdentifierEmailGreeting")}

${msg("isoloirNewIdentifierEmailIntro", electionName)}

    ${identifier}

${msg((oldStillWorks?? && oldStillWorks)?then("isoloirNewIdentifierEmailOldStillWorks", "isoloirNewIdentifierEmailOld"))}
<#if votingSiteUrl?has_content>

${msg("isoloirNewIdentifierEmailSite")} ${votingSiteUrl}
</#if>

${msg((oldStillWorks?? && oldStillWorks)?then("isoloirNewIdentifierEmailNotYouStillWorks", "isoloirNewIdentifierEmailNotYou"))}
