package fr.isoloir.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.isoloir.testsupport.AuthorizationRequest;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract between the realm and a voting site (docs/voting-site.md), through the demo voting site, whose
 * Nimbus oauth2-oidc-sdk checks each ID token against the realm's JWKS: the claims a voting site gets (the
 * electoral college, the employee number it asked for, acr, auth_time) and those it never gets (the login
 * identifier, the name, the contacts), for a voter of each channel, at the first login and a later one.
 */
@ExtendWith(IsoloirServer.Extension.class)
class VotingSiteContractIT {

    private static final String PASSPHRASE = "Le vote est secret et personnel";
    /** What the realm must never hand a voting site: the login identifier, the name, the contacts. */
    private static final List<String> NEVER = List.of(
            "preferred_username",
            "name",
            "given_name",
            "family_name",
            "email",
            "email_verified",
            "phone_number",
            "address",
            "realm_access",
            "resource_access",
            "allowed-origins");

    private final IsoloirServer server;

    VotingSiteContractIT(IsoloirServer server) {
        this.server = server;
    }

    /** The voter list gives each voter a college; the admin API sets it here. */
    private Voter inCollege(Voter voter, String college) {
        String path = "/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId();
        ObjectNode user = (ObjectNode) server.admin().get(path).expect(200).json();
        ((ObjectNode) user.path("attributes")).putArray("electoralCollege").add(college);
        server.admin().put(path, user).expect(204);
        return voter;
    }

    private String employeeNumber(Voter voter) {
        return server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId())
                .expect(200)
                .json()
                .path("attributes")
                .path("employeeNumber")
                .get(0)
                .asText();
    }

    /** The personal space shows what the site verified: college, employee number, acr, auth_time, nothing personal. */
    private void assertTheSiteGot(VoterJourney journey, Voter voter, String college, String acr) {
        assertThat(journey.isInPersonalSpace()).as(journey.page().text()).isTrue();
        assertThat(journey.claim("sub")).isEqualTo(voter.userId());
        assertThat(journey.claim("electoral_college")).isEqualTo(college);
        assertThat(journey.claim("employee_number"))
                .as("asked for with the scope isoloir-voter-ref")
                .isEqualTo(employeeNumber(voter));
        assertThat(journey.claim("acr")).isEqualTo(acr);
        assertThat(Long.parseLong(journey.claim("auth_time")))
                .isBetween(Instant.now().getEpochSecond() - 120, Instant.now().getEpochSecond());
        assertThat(journey.claimNames()).doesNotContainAnyElementsOf(NEVER);
        assertThat(journey.page().text()).doesNotContain(voter.identifier().username(), "Camille", "Électeur");
        if (voter.email() != null) {
            assertThat(journey.page().text()).doesNotContain(voter.email());
        }
    }

    /** A first login (the code, a passphrase chosen), then a later one (a new code, the passphrase typed). */
    private void logsInTwiceWithACodeEachTime(Voter voter, String college, IntFunction<String> nthCode) {
        VoterJourney first = new VoterJourney(server)
                .openVotingSite()
                .typeIdentifier(voter.typed())
                .typeCode(nthCode.apply(1))
                .choosePassphrase(PASSPHRASE);
        assertTheSiteGot(first, voter, college, "isoloir-code-passphrase");

        VoterJourney next = new VoterJourney(server)
                .openVotingSite()
                .typeIdentifier(voter.typed())
                .typeCode(nthCode.apply(2))
                .givePassphrase(PASSPHRASE);
        assertTheSiteGot(next, voter, college, "isoloir-code-passphrase");
    }

    @Nested
    class AnEmailVoter {

        @Test
        void getsCodeAndPassphraseAtTheFirstLoginAndTheNext() {
            Voter voter = inCollege(server.voters().byEmail(), "Cadres");
            logsInTwiceWithACodeEachTime(voter, "Cadres", n -> server.mailbox().awaitCode(voter.email(), n));
        }
    }

    @Nested
    class ALoginThroughTheSsoCookie {

        @Test
        void withoutPromptLoginRanNoStepAndGetsAcrZero() {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = new VoterJourney(server)
                    .openVotingSite()
                    .typeIdentifier(voter.typed())
                    .typeCode(server.mailbox().awaitCode(voter.email(), 1))
                    .choosePassphrase(PASSPHRASE);
            assertThat(journey.claim("acr")).isEqualTo("isoloir-code-passphrase");

            // The demo site sends prompt=login; this request, in the same browser, does not: the cookie answers.
            AuthorizationRequest again = AuthorizationRequest.of(server, Map.of());
            journey.open(again.uri());
            String code = again.codeOn(journey.page())
                    .orElseThrow(() -> new AssertionError(
                            "no code through the cookie: " + journey.page().uri()));
            String[] idToken = again.redeem(code).idToken().split("\\.");
            JsonNode claims;
            try {
                claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(idToken[1]));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(claims.path("sub").asText()).isEqualTo(voter.userId());
            assertThat(claims.path("acr").asText()).isEqualTo("0");
        }
    }

    @Nested
    class AnSmsVoter {

        @Test
        void getsCodeAndPassphraseAtTheFirstLoginAndTheNext() {
            Voter voter = inCollege(server.voters().bySms(), "Employés et ouvriers");
            logsInTwiceWithACodeEachTime(
                    voter, "Employés et ouvriers", n -> server.twilio().awaitCode(voter.phone(), n));
        }
    }

    @Nested
    class APostalVoter {

        @Test
        void getsLetterAndPassphraseAtTheFirstLoginThenPassphraseAlone() {
            Voter voter = inCollege(server.voters().byPost(), "Techniciens et agents de maîtrise");
            VoterJourney first = new VoterJourney(server)
                    .openVotingSite()
                    .typeIdentifier(voter.typed())
                    .typeCode(voter.postalCode())
                    .choosePassphrase(PASSPHRASE);
            assertTheSiteGot(first, voter, "Techniciens et agents de maîtrise", "isoloir-letter-passphrase");

            VoterJourney next = new VoterJourney(server)
                    .openVotingSite()
                    .typeIdentifier(voter.typed())
                    .givePassphrase(PASSPHRASE);
            assertTheSiteGot(next, voter, "Techniciens et agents de maîtrise", "isoloir-passphrase");
        }
    }

    @Nested
    class ASiteChoosingItsScopes {

        @Test
        void isRefusedTheProfileEmailAndOtherScopesOfKeycloak() {
            Voter voter = inCollege(server.voters().byEmail(), "Cadres");
            VoterJourney journey = VoterJourney.firstLogin(server, voter, PASSPHRASE);
            for (String scope : List.of("profile", "email", "phone", "address", "roles", "offline_access")) {
                AuthorizationRequest request = AuthorizationRequest.of(server, Map.of("scope", "openid " + scope));
                assertThat(request.codeOn(journey.open(request.uri()).page()))
                        .as(scope)
                        .isEmpty();
                assertThat(journey.page().text()).as(scope).contains("invalid_scope");
            }
        }

        @Test
        void thatAsksForOpenidAloneGetsTheCollegeAndAcrButNoEmployeeNumberAndNothingPersonal() {
            AuthorizationRequest request = AuthorizationRequest.of(server, Map.of());
            AuthorizationRequest.Tokens tokens = request.redeem(codeForACadre(request));
            assertThat(tokens.status()).as(tokens.json().toString()).isEqualTo(200);

            JsonNode claims = payload(tokens.idToken());
            assertThat(claims.path("electoral_college").asText()).isEqualTo("Cadres");
            // The code came through the SSO cookie of the cadre's login: no step ran, hence "0".
            assertThat(claims.path("acr").asText()).isEqualTo("0");
            assertThat(claims.has("auth_time")).isTrue();
            assertThat(claims.has("employee_number")).as("not asked for").isFalse();
            NEVER.forEach(name -> assertThat(claims.has(name)).as(name).isFalse());
            JsonNode access = payload(tokens.accessToken());
            NEVER.forEach(name ->
                    assertThat(access.has(name)).as("access token: " + name).isFalse());
            assertThat(tokens.json().path("scope").asText()).isEqualTo("openid");
        }
    }

    @Nested
    class TheSitesValidator {

        @Test
        void acceptsTheRealmsIdTokenAndRefusesItWithOneByteOfThePayloadOrTheSignatureChanged() {
            String nonce = "nonce-" + System.nanoTime();
            AuthorizationRequest request = AuthorizationRequest.of(server, Map.of("nonce", nonce));
            String idToken = request.redeem(codeForACadre(request)).idToken();

            assertThat(server.votingSite().checkIdToken(idToken, nonce))
                    .containsKey("sub")
                    .containsEntry("electoral_college", "Cadres");

            String[] parts = idToken.split("\\.");
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            assertThat(payload).contains("\"Cadres\"");
            String otherCollege = parts[0] + "."
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(
                                    payload.replace("\"Cadres\"", "\"Cadreś\"").getBytes(StandardCharsets.UTF_8))
                    + "." + parts[2];
            assertThatThrownBy(() -> server.votingSite().checkIdToken(otherCollege, nonce))
                    .hasMessageContaining("La signature du jeton d’identité n’est pas celle du fournisseur d’identité");

            int inSignature = idToken.length() - 10;
            String badSignature = idToken.substring(0, inSignature)
                    + (idToken.charAt(inSignature) == 'A' ? 'B' : 'A')
                    + idToken.substring(inSignature + 1);
            assertThatThrownBy(() -> server.votingSite().checkIdToken(badSignature, nonce))
                    .hasMessageContaining("La signature du jeton d’identité n’est pas celle du fournisseur d’identité");

            assertThatThrownBy(() -> server.votingSite().checkIdToken(idToken, "another-nonce"))
                    .hasMessageContaining("(nonce)");
        }
    }

    @Nested
    class TheSitesSession {

        @Test
        void endsWhenAnAdministratorEndsTheVotersKeycloakSessionThroughTheBackChannelLogout() {
            Voter voter = inCollege(server.voters().byEmail(), "Cadres");
            VoterJourney journey = VoterJourney.firstLogin(server, voter, PASSPHRASE);
            URI personalSpace = URI.create(server.votingSite().baseUri() + "/espace");
            assertThat(journey.open(personalSpace).isInPersonalSpace())
                    .as(journey.page().text())
                    .isTrue();

            JsonNode sessions = server.admin()
                    .get("/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId() + "/sessions")
                    .expect(200)
                    .json();
            assertThat(sessions).hasSize(1);
            // Keycloak posts the logout token to the site before it answers the administrator.
            server.admin()
                    .delete("/admin/realms/" + IsoloirServer.REALM + "/sessions/"
                            + sessions.get(0).path("id").asText())
                    .expect(204);

            assertThat(journey.open(personalSpace).isInPersonalSpace())
                    .as(journey.page().uri().toString())
                    .isFalse();
            assertThat(journey.page().uri().getPath()).isEqualTo("/");
        }
    }

    /**
     * The code this request of the voting-site client gets for a new email voter of the college "Cadres",
     * logged in once: the request is answered by the SSO cookie, and the test redeems the code itself.
     */
    private String codeForACadre(AuthorizationRequest request) {
        VoterJourney journey =
                VoterJourney.firstLogin(server, inCollege(server.voters().byEmail(), "Cadres"), PASSPHRASE);
        return request.codeOn(journey.open(request.uri()).page())
                .orElseThrow(() -> new AssertionError(
                        "no code with the SSO cookie: " + journey.page().text()));
    }

    private static JsonNode payload(String jwt) {
        String[] parts = jwt.split("\\.");
        assertThat(parts).as("a signed JWT: %s", jwt).hasSize(3);
        try {
            return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
