package fr.isoloir.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;

import static fr.isoloir.recovery.LostIdentifierIT.PASSPHRASE;
import static org.assertj.core.api.Assertions.assertThat;

/** What every election manager's resend must show, whichever way it was asked (REST call or voter page). */
final class ManagerResend {

    private ManagerResend() {}

    /** The resend's admin events for this voter (ACTION on users/{id}/isoloir-new-identifier). */
    static JsonNode events(IsoloirServer server, Voter voter) {
        return server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM + "/admin-events?operationTypes=ACTION&resourcePath=users/"
                        + voter.userId() + "/isoloir-new-identifier")
                .expect(200)
                .json();
    }

    /**
     * SEC-F4: one audit event with who, when, the masked contact and the reason, and neither the
     * contact in clear nor the identifier (SEC-F2). Returns its representation.
     */
    static String audited(IsoloirServer server, Voter voter, String email, String masked, String reason, String fresh) {
        JsonNode events = events(server, voter);
        assertThat(events).hasSize(1);
        String representation = events.get(0).get("representation").asText();
        assertThat(representation)
                .contains(reason)
                .contains(masked)
                .doesNotContain(email)
                .doesNotContain(fresh.replace("-", "").toLowerCase());
        assertThat(events.get(0).get("authDetails").get("userId").asText()).isNotBlank();
        assertThat(events.get(0).get("time").asLong()).isPositive();
        return representation;
    }

    /** SEC-F3: the old identifier gets nowhere, the new one (sent by email) logs in. */
    static void oldFailsAndNewLogsIn(IsoloirServer server, Voter voter, String fresh, String email) {
        VoterJourney old = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
        old.typeCode("123456");
        assertThat(old.page().fieldError("code")).isNotNull();
        VoterJourney login = new VoterJourney(server).openVotingSite().typeIdentifier(fresh);
        login.typeCode(server.mailbox().awaitCode(email, 2)).choosePassphrase(PASSPHRASE);
        assertThat(login.isInPersonalSpace()).as(login.page().text()).isTrue();
    }
}
