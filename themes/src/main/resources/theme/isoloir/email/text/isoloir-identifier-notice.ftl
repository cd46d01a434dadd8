<#ftl output_format="plainText">
${msg("isoloirNewIdentifierEmailGreeting")}

${msg("isoloirIdentifierNoticeEmailIntro", electionName, sentTo)}

${msg("isoloirIdentifierNoticeEmailNotYou")}
