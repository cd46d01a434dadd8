<#ftl output_format="plainText">
${msg("isoloirCodeEmailGreeting")}

${msg("isoloirCodeEmailIntro", electionName)}

    ${code}

${msg("isoloirCodeEmailValidity", validityMinutes)}

${msg("isoloirCodeEmailNotYou")}

--
${msg("isoloirCodeEmailFooter", electionName)}
