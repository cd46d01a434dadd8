package fr.isoloir.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.isoloir.demo.site.DemoVotingSite;
import fr.isoloir.keycloakrunner.KeycloakServer;
import fr.isoloir.testsupport.ElectionRealm;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented way to add an election: realm-export/NewElection.java turns vote-realm.json into the
 * realm of another election (another name, display name and voting site), which the real server
 * imports beside "vote" (through the admin REST API, as the admin console's "Create realm" does);
 * a voter of that election then logs in on that election's voting site.
 */
@ExtendWith(IsoloirServer.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NewElectionRealmIT {

    static final String REALM = "cse-2027-exemple";
    static final String NAME = "Élections CSE 2027 - Exemple & fils";

    private final IsoloirServer server;
    private DemoVotingSite site;
    private JsonNode realm;

    NewElectionRealmIT(IsoloirServer server) {
        this.server = server;
    }

    @BeforeAll
    void importTheRealmOfAnotherElection() throws Exception {
        int sitePort = KeycloakServer.freePort();
        String file = newElection(
                "--realm", REALM, "--site", "http://127.0.0.1:" + sitePort + "/", "--name", NAME, "--resolve");
        server.admin().post("/admin/realms", new ObjectMapper().readTree(file)).expect(201);
        site = DemoVotingSite.start(DemoVotingSite.Settings.forIssuer(URI.create(server.baseUri() + "/realms/" + REALM))
                .withPort(sitePort));
        realm = server.admin().get("/admin/realms/" + REALM).expect(200).json();
    }

    @AfterAll
    void removeIt() {
        if (site != null) {
            site.close();
        }
        server.admin().delete("/admin/realms/" + REALM);
    }

    @Test
    void hasItsOwnNameAndTheSettingsOfTheFile() {
        JsonNode vote = server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM)
                .expect(200)
                .json();
        assertThat(realm.path("displayName").asText()).isEqualTo(NAME);
        assertThat(realm.path("displayNameHtml").asText()).isEqualTo("Élections CSE 2027 - Exemple &amp; fils");
        for (String setting : List.of(
                "browserFlow",
                "resetCredentialsFlow",
                "directGrantFlow",
                "passwordPolicy",
                "bruteForceProtected",
                "permanentLockout",
                "failureFactor",
                "maxFailureWaitSeconds",
                "ssoSessionIdleTimeout",
                "ssoSessionMaxLifespan",
                "eventsEnabled",
                "eventsExpiration",
                "adminEventsEnabled",
                "loginTheme",
                "emailTheme",
                "defaultLocale",
                "browserSecurityHeaders")) {
            assertThat(realm.path(setting)).as(setting).isEqualTo(vote.path(setting));
        }
        assertThat(realm.path("smtpServer").path("port").asText()).isEqualTo(Integer.toString(server.smtpPort()));
    }

    @Test
    void shutsKeycloaksAccountConsoleAccountApiAndUnusedRequiredActionsAsTheFileDoes() {
        RealmExportIT.clientsAreKeycloaksSixAndOursWithTheAccountClientsOff(server.admin(), REALM);
        RealmExportIT.defaultRolesHoldNoAccountRole(server.admin(), REALM);
        RealmExportIT.requiredActionsAreDisabledButTheLocale(server.admin(), REALM);
    }

    @Test
    void sendsItsVotersBackToItsOwnVotingSiteOnly() {
        JsonNode client = server.admin()
                .get("/admin/realms/" + REALM + "/clients?clientId=voting-site")
                .expect(200)
                .json()
                .get(0);
        assertThat(client.path("redirectUris").toString()).isEqualTo("[\"" + site.baseUri() + "/callback\"]");
        assertThat(client.path("attributes").path("post.logout.redirect.uris").asText())
                .isEqualTo(site.baseUri() + "/");
        List<String> defaults = new java.util.ArrayList<>();
        client.path("defaultClientScopes").forEach(scope -> defaults.add(scope.asText()));
        assertThat(defaults).containsExactlyInAnyOrder("basic", "isoloir-voter");
        assertThat(client.path("webOrigins").toString()).isEqualTo("[\"" + site.baseUri() + "\"]");
        assertThat(client.path("attributes").path("pkce.code.challenge.method").asText())
                .isEqualTo("S256");
    }

    @Test
    void letsAVoterOfThatElectionLogInOnItsVotingSite() {
        Voter voter = server.voters(REALM).byEmail();
        VoterJourney journey = new VoterJourney(site).openVotingSite().typeIdentifier(voter.typed());
        assertThat(journey.isOn(CODE_FORM)).as(journey.page().text()).isTrue();
        assertThat(journey.page().text()).contains(NAME);
        journey.typeCode(server.mailbox().awaitCode(voter.email(), 1))
                .choosePassphrase("Une autre élection, un autre scrutin");
        assertThat(journey.isInPersonalSpace()).as(journey.page().text()).isTrue();
        assertThat(journey.claim("iss")).isEqualTo(server.baseUri() + "/realms/" + REALM);
        assertThat(journey.claim("sub")).isEqualTo(voter.userId());
        assertThat(journey.claim("acr")).isEqualTo("isoloir-code-passphrase");
    }

    @Test
    void leavesTheFirstElectionAlone() {
        JsonNode client = server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM + "/clients?clientId=voting-site")
                .expect(200)
                .json()
                .get(0);
        assertThat(client.path("redirectUris").get(0).asText())
                .isEqualTo(server.votingSite().baseUri() + "/callback");
    }

    private String newElection(String... arguments) throws IOException, InterruptedException {
        return ElectionRealm.newElection(server, arguments);
    }
}
