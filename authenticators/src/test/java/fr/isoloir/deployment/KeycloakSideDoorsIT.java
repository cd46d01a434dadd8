package fr.isoloir.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.testsupport.AuthorizationRequest;
import fr.isoloir.testsupport.ElectionManager;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Mailbox;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static fr.isoloir.testsupport.VoterJourney.IDENTIFIER_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The doors Keycloak opens by itself beside the voter login, shut (issue #16): an administrator cannot
 * impersonate a voter, a voter has no account console or account API, and the required actions the
 * product does not use cannot make a voter set a password outside the steps.
 */
@ExtendWith(IsoloirServer.Extension.class)
class KeycloakSideDoorsIT {

    static final String PASSPHRASE = "Les goélands tournent au-dessus du phare";

    private final IsoloirServer server;

    KeycloakSideDoorsIT(IsoloirServer server) {
        this.server = server;
    }

    private String userPath(Voter voter) {
        return "/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId();
    }

    private JsonNode sessionsOf(Voter voter) {
        return server.admin().get(userPath(voter) + "/sessions").expect(200).json();
    }

    private JsonNode credentialsOf(Voter voter) {
        return server.admin().get(userPath(voter) + "/credentials").expect(200).json();
    }

    @Nested
    class Impersonation {

        /**
         * Keycloak's answer for a disabled feature (ProfileHelper.requireFeature) is 501 Not Implemented,
         * given before any permission check: to an admin holding the realm's impersonation role as to the
         * server's administrator (master's admin role, more than the realm's realm-admin).
         */
        @Test
        void isRefusedToAnAdministratorWithTheImpersonationRoleOrEveryRightAndOpensNoSessionForTheVoter() {
            Voter voter = server.voters().byEmail();
            try (ElectionManager impersonator = ElectionManager.create(server, "impersonation")) {
                HttpResponse<byte[]> answer = impersonator.post(userPath(voter) + "/impersonation");
                String body = new String(answer.body(), StandardCharsets.UTF_8);
                assertThat(answer.statusCode()).as(body).isEqualTo(501);
                assertThat(body).doesNotContain("redirect", "sameRealm");
            }
            KeycloakAdmin.Answer asServerAdmin = server.admin().post(userPath(voter) + "/impersonation", Map.of());
            assertThat(asServerAdmin.status()).as(asServerAdmin.body()).isEqualTo(501);
            assertThat(asServerAdmin.body()).doesNotContain("redirect", "sameRealm");

            assertThat(sessionsOf(voter)).as("the voter's sessions").isEmpty();
        }
    }

    @Nested
    class TheAccountConsoleAndApi {

        @Test
        void answerNotFoundToAVoterHoldingATokenAndASession() throws Exception {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = VoterJourney.firstLogin(server, voter, PASSPHRASE);
            AuthorizationRequest request = AuthorizationRequest.of(server, Map.of());
            String code = request.codeOn(journey.open(request.uri()).page())
                    .orElseThrow(() -> new AssertionError(
                            "no code for the voter: " + journey.page().text()));
            String token = request.redeem(code).accessToken();
            assertThat(token).isNotBlank();

            for (String path : List.of("/account", "/account/", "/account/v1/")) {
                HttpResponse<String> api = get(
                        URI.create(server.realmUri() + path),
                        Map.of("Authorization", "Bearer " + token, "Accept", "application/json"));
                assertThat(api.statusCode())
                        .as("account API %s: %s", path, api.body())
                        .isEqualTo(404);
                assertThat(api.body())
                        .doesNotContain(voter.email(), voter.identifier().username());
            }
            journey.open(URI.create(server.realmUri() + "/account/"));
            assertThat(journey.page().status())
                    .as("account console: %s", journey.page().text())
                    .isEqualTo(404);
            assertThat(journey.page().html())
                    .doesNotContain(voter.email(), voter.identifier().username());
        }

        @Test
        void theirClientsGiveTheVoterNoLoginAndNoToken() {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = VoterJourney.firstLogin(server, voter, PASSPHRASE);
            for (String client : List.of("account-console", "account")) {
                String redirect = server.realmUri() + "/account/";
                journey.open(
                        URI.create(
                                server.realmUri() + "/protocol/openid-connect/auth?response_type=code&scope=openid"
                                        + "&client_id=" + client + "&redirect_uri=" + enc(redirect)
                                        + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"));
                assertThat(journey.page().status())
                        .as("%s: %s", client, journey.page().text())
                        .isEqualTo(400);
                assertThat(journey.page().uri().toString()).as(client).doesNotContain("code=");
            }
        }
    }

    @Nested
    class RequiredActionsSetByAnAdministrator {

        @Test
        void updatePasswordOnAVoterIsIgnoredAndTheVoterLogsInThroughTheStepsAlone() {
            Voter voter = server.voters().byEmail();
            ObjectNode user =
                    (ObjectNode) server.admin().get(userPath(voter)).expect(200).json();
            user.putArray("requiredActions").add("UPDATE_PASSWORD");
            // Keycloak stores the action on the user (it checks only that such an action exists) ...
            server.admin().put(userPath(voter), user).expect(204);

            // ... but the realm has it disabled: the first login ends in the personal space, with no
            // Keycloak password page after the steps.
            VoterJourney.firstLogin(server, voter, PASSPHRASE);
            assertThat(credentialsOf(voter).findValuesAsText("type")).containsExactly("password");
        }

        @Test
        void anExecuteActionsEmailLeadsToNoPasswordFormAndTheNextLoginIsTheSteps() {
            Voter voter = server.voters().byEmail();
            VoterJourney.firstLogin(server, voter, PASSPHRASE);
            JsonNode passphraseBefore = credentialsOf(voter);
            int sessionsBefore = sessionsOf(voter).size();

            server.admin()
                    .put(userPath(voter) + "/execute-actions-email", List.of("UPDATE_PASSWORD"))
                    .expect(204);
            String message = Mailbox.plainText(server.mailbox().awaitMessage(voter.email(), 2));
            Matcher link = Pattern.compile("https?://[^\\s\"'<>]+/action-token\\?[^\\s\"'<>]+")
                    .matcher(message);
            assertThat(link.find()).as(message).isTrue();

            VoterJourney follower =
                    new VoterJourney(server).open(URI.create(link.group().replace("&amp;", "&")));
            // Keycloak first lists the actions with a "Continuer" link that runs them: the voter clicks it.
            follower.follow("#isoloir-continue");
            assertThat(follower.page().document().select("input[type=password]"))
                    .as(follower.page().text())
                    .isEmpty();
            assertThat(follower.isInPersonalSpace()).isFalse();
            assertThat(sessionsOf(voter)).as("the link logs nobody in").hasSize(sessionsBefore);
            assertThat(credentialsOf(voter)).as("the passphrase is untouched").isEqualTo(passphraseBefore);

            VoterJourney next = new VoterJourney(server).openVotingSite();
            assertThat(next.isOn(IDENTIFIER_FORM)).isTrue();
            next.typeIdentifier(voter.typed())
                    .typeCode(server.mailbox().awaitCode(voter.email(), 3))
                    .givePassphrase(PASSPHRASE);
            assertThat(next.isInPersonalSpace()).as(next.page().text()).isTrue();
        }
    }

    private static HttpResponse<String> get(URI uri, Map<String, String> headers) throws Exception {
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
            headers.forEach(request::header);
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
