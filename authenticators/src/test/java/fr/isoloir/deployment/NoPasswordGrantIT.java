package fr.isoloir.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.isoloir.testsupport.AttackDetection;
import fr.isoloir.testsupport.AuthorizationRequest;
import fr.isoloir.testsupport.AuthorizationRequest.Tokens;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A passphrase cannot be tried without the code step: the realm's token endpoint refuses the password
 * grant (the voting-site client does not allow it, and the realm's direct-grant flow denies access even
 * if an administrator allowed it), with the voter's right identifier and passphrase, and these posts
 * leave the voter's brute-force state as it was (nobody can lock a voter out through them).
 */
@ExtendWith(IsoloirServer.Extension.class)
class NoPasswordGrantIT {

    static final String PASSPHRASE = "Les mouettes rient au-dessus du port";

    private final IsoloirServer server;

    NoPasswordGrantIT(IsoloirServer server) {
        this.server = server;
    }

    /** A voter who has chosen a passphrase (first login through the browser steps). */
    Voter voterWithAPassphrase() {
        Voter voter = server.voters().byEmail();
        VoterJourney.firstLogin(server, voter, PASSPHRASE);
        return voter;
    }

    Tokens passwordGrant(String username, String password) {
        return AuthorizationRequest.token(
                server,
                "grant_type=password&client_id=voting-site&scope=openid&username=" + enc(username) + "&password="
                        + enc(password));
    }

    @Test
    void theVotingSiteClientIsRefusedThePasswordGrantAndTheVotersBruteForceStateIsUnchanged() {
        Voter voter = voterWithAPassphrase();
        AttackDetection attackDetection = AttackDetection.of(server);
        AttackDetection.Status before = attackDetection.of(voter);

        for (String username : new String[] {voter.identifier().username(), voter.typed()}) {
            Tokens right = passwordGrant(username, PASSPHRASE);
            assertThat(right.status()).as(right.json().toString()).isEqualTo(400);
            assertThat(right.json().path("error").asText()).isEqualTo("unauthorized_client");
            assertThat(right.json().has("access_token")).isFalse();
        }
        for (int i = 0; i < 3; i++) {
            Tokens wrong = passwordGrant(voter.identifier().username(), PASSPHRASE + " " + i);
            assertThat(wrong.status()).as(wrong.json().toString()).isEqualTo(400);
            assertThat(wrong.json().path("error").asText()).isEqualTo("unauthorized_client");
        }

        assertThat(attackDetection.of(voter)).as("nothing counted at once").isEqualTo(before);
        // One wrong code through the browser, counted, shows that the posts before it were not (the count is
        // exactly one): the password grant never reaches the steps that count wrong entries.
        VoterJourney marker = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
        assertThat(marker.isOn(CODE_FORM)).as(marker.page().text()).isTrue();
        String sent = server.mailbox().awaitCode(voter.email(), 2);
        marker.typeCode(sent.equals("000000") ? "111111" : "000000");
        AttackDetection.Status after = attackDetection.awaitFailures(voter, 1);
        assertThat(before.numFailures()).isZero();
        assertThat(after.numFailures())
                .as("only the wrong code counted: %s", after)
                .isEqualTo(1);
        assertThat(after.lockouts()).isZero();
        assertThat(attackDetection.isEnabled(voter)).isTrue();
    }

    @Test
    void evenWhenAnAdministratorAllowsThePasswordGrantOnTheClientTheRealmsDirectGrantFlowDeniesIt() {
        Voter voter = voterWithAPassphrase();
        String clientPath = "/admin/realms/" + IsoloirServer.REALM + "/clients/"
                + server.admin()
                        .get("/admin/realms/" + IsoloirServer.REALM + "/clients?clientId=voting-site")
                        .expect(200)
                        .json()
                        .get(0)
                        .path("id")
                        .asText();
        JsonNode client = server.admin().get(clientPath).expect(200).json();
        ObjectNode allowed = client.deepCopy();
        allowed.put("directAccessGrantsEnabled", true);
        server.admin().put(clientPath, allowed).expect(204);
        try {
            Tokens right = passwordGrant(voter.identifier().username(), PASSPHRASE);

            assertThat(right.status()).as(right.json().toString()).isEqualTo(401);
            assertThat(right.json().has("access_token")).isFalse();
            assertThat(right.json().toString()).doesNotContain(PASSPHRASE);
        } finally {
            server.admin().put(clientPath, client).expect(204);
        }
        assertThat(server.admin()
                        .get(clientPath)
                        .expect(200)
                        .json()
                        .path("directAccessGrantsEnabled")
                        .asBoolean())
                .isFalse();
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
