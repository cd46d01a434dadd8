<#import "template.ftl" as layout>
<#-- Outside the election's dates (fr.isoloir.election.ElectionWindowAuthenticator): when the vote opens, or that
     it closed and when. The dates come formatted for the voter's language, in the election manager's offset. -->
<@layout.registrationLayout; section>
    <#if section = "header">
        <#if electionState = "notYetOpen">${msg("isoloirNotYetOpenTitle")}<#else>${msg("isoloirClosedTitle")}</#if>
    <#elseif section = "form">
        <div id="isoloir-election-${electionState}">
        <#if electionState = "notYetOpen">
            <p class="isoloir-intro">${msg("isoloirNotYetOpenWhen", electionOpensAt)}</p>
            <#if electionClosesAt??><p>${msg("isoloirNotYetOpenUntil", electionClosesAt)}</p></#if>
            <p>${msg("isoloirNotYetOpenCome")}</p>
            <#if realm.resetPasswordAllowed && url.loginResetCredentialsUrl??>
            <p class="isoloir-link">${msg("isoloirNotYetOpenLost")} <a id="isoloir-lost-identifier" href="${url.loginResetCredentialsUrl}">${msg("isoloirLostIdentifier")}</a></p>
            </#if>
            <p class="isoloir-link"><a id="isoloir-election-retry" href="${url.loginRestartFlowUrl}">${msg("isoloirElectionWindowRetry")}</a></p>
        <#else>
            <p class="isoloir-intro"><#if electionClosesAt??>${msg("isoloirClosedWhen", electionClosesAt)}</#if> ${msg("isoloirClosedNoLogin")}</p>
        </#if>
        </div>
    </#if>
</@layout.registrationLayout>
