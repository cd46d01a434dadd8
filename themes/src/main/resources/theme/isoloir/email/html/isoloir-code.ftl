<#-- Connection code email (HTML). Readable in common mail clients: one centred table, inline styles
     written by hand, no CSS class, no script, no image needed. The code comes first, in large type;
     no link to type a secret into. Branded like the pages: election name on the accent colour, and
     the operator's logo when isoloirLogoUrl is an absolute https:// address. -->
<#assign logo = (properties.isoloirLogoUrl)!''>
<!DOCTYPE html>
<html lang="${locale.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${msg("isoloirCodeEmailSubject", electionName)}</title>
</head>
<body style="margin: 0; padding: 0; background-color: #f3f4f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color: #f3f4f7;">
  <tr>
    <td align="center" style="padding: 16px 8px;">
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width: 560px; background-color: #ffffff; border: 1px solid #d5d6dc;">
        <tr>
          <td style="background-color: #1f4e79; color: #ffffff; padding: 16px 24px; font-family: Arial, Helvetica, sans-serif; font-size: 18px; line-height: 1.4; font-weight: bold;">
            <#if logo?starts_with("https://")><img src="${logo}" alt="" height="32" style="display: block; border: 0; margin: 0 0 8px;"></#if>
            ${electionName}
          </td>
        </tr>
        <tr>
          <td style="padding: 24px; font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1b1b1f;">
            <p style="margin: 0 0 16px;">${msg("isoloirCodeEmailGreeting")}</p>
            <p style="margin: 0 0 16px;">${msg("isoloirCodeEmailIntro", electionName)}</p>
            <p style="margin: 0 0 16px; padding: 12px 16px; background-color: #f3f4f7; font-family: 'Courier New', Courier, monospace; font-size: 32px; line-height: 1.2; font-weight: bold; letter-spacing: 6px; text-align: center; color: #1b1b1f;">${code}</p>
            <p style="margin: 0 0 16px;">${msg("isoloirCodeEmailValidity", validityMinutes)}</p>
            <p style="margin: 0;">${msg("isoloirCodeEmailNotYou")}</p>
          </td>
        </tr>
        <tr>
          <td style="padding: 16px 24px; border-top: 1px solid #d5d6dc; font-family: Arial, Helvetica, sans-serif; font-size: 14px; line-height: 1.5; color: #4a4a55;">
            ${msg("isoloirCodeEmailFooter", electionName)}
          </td>
        </tr>
      </table>
    </td>
  </tr>
</table>
</body>
</html>
