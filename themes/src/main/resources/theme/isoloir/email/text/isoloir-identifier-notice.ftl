<#ftl output_format="plainText">
${msg("isoloirNewIdentifierEmailGreeting")}

${msg((oldStillWorks?? && oldStillWorks)?then("isoloirPendingNoticeEmailIntro", "isoloirIdentifierNoticeEmailIntro"), electionName, sentTo)}

${msg("isoloirIdentifierNoticeEmailNotYou")}
