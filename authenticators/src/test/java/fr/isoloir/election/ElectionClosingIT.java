package fr.isoloir.election;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.testsupport.AuthorizationRequest;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static fr.isoloir.election.ElectionWindowIT.PARIS_WINTER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing time holds for sessions opened before it: the SSO cookie of a voter who logged in during the
 * vote logs nobody in after closing (the election window is checked before the cookie), and the
 * realm's sessions are ended shortly after closing, so the voting site's refresh tokens stop too.
 */
@ExtendWith(IsoloirServer.Extension.class)
class ElectionClosingIT {

    static final String PASSPHRASE = "Le phare veille sur la baie endormie";
    /** The test server checks for closed elections every 2 seconds; this leaves room for a loaded machine. */
    static final Duration SESSIONS_END_WITHIN = Duration.ofSeconds(30);

    private final IsoloirServer server;

    ElectionClosingIT(IsoloirServer server) {
        this.server = server;
    }

    /** An email voter's whole first login in one browser, through the voting site: the browser holds the SSO cookie. */
    static VoterJourney loggedIn(IsoloirServer server, Voter voter) {
        return VoterJourney.firstLogin(server, voter, PASSPHRASE);
    }

    /** An election that opened an hour ago and closes in an hour, until closed. */
    ElectionAttributes openForAnHour() {
        OffsetDateTime now = OffsetDateTime.now(PARIS_WINTER);
        return ElectionAttributes.set(
                server,
                Map.of(
                        ElectionSettings.OPENS_AT,
                        now.minusHours(1).toString(),
                        ElectionSettings.CLOSES_AT,
                        now.plusHours(1).toString()));
    }

    JsonNode sessionsOf(Voter voter) {
        return server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId() + "/sessions")
                .expect(200)
                .json();
    }

    @Test
    void aSessionOpenedBeforeClosingLogsNobodyInAfterItAndNoCodeReachesTheVotingSite() {
        try (ElectionAttributes election = openForAnHour()) {
            VoterJourney journey = loggedIn(server, server.voters().byEmail());
            AuthorizationRequest during = AuthorizationRequest.of(server, Map.of());
            assertThat(during.codeOn(journey.open(during.uri()).page()))
                    .as(
                            "during the vote the cookie logs the voter in: %s",
                            journey.page().text())
                    .isPresent();

            OffsetDateTime closed =
                    OffsetDateTime.now(PARIS_WINTER).minusMinutes(1).truncatedTo(ChronoUnit.SECONDS);
            election.put(Map.of(ElectionSettings.CLOSES_AT, closed.toString()));
            AuthorizationRequest after = AuthorizationRequest.of(server, Map.of());
            journey.open(after.uri());

            assertThat(after.codeOn(journey.page()))
                    .as("no code after closing: landed on %s", journey.page().uri())
                    .isEmpty();
            assertThat(journey.page().has("#isoloir-election-closed"))
                    .as(journey.page().text())
                    .isTrue();
            assertThat(journey.page().document().selectFirst("h1").text()).isEqualTo("Le vote est clos");
            assertThat(journey.page().uri().toString())
                    .startsWith(server.realmUri().toString());

            // A voting site that only checks silently (prompt=none) is told the voter must log in, with no code.
            AuthorizationRequest silent = AuthorizationRequest.of(server, Map.of("prompt", "none"));
            journey.open(silent.uri());
            assertThat(silent.codeOn(journey.page())).isEmpty();
            assertThat(journey.page().uri().getRawQuery()).contains("error=login_required");
        }
    }

    @Test
    void aVoterInTheMiddleOfTheStepsAtTheClosingInstantCannotFinishAfterIt() {
        Voter voter = server.voters().byEmail();
        try (ElectionAttributes election = openForAnHour()) {
            VoterJourney journey = new VoterJourney(server)
                    .openVotingSite()
                    .typeIdentifier(voter.typed())
                    .typeCode(server.mailbox().awaitCode(voter.email(), 1));
            assertThat(journey.isOn(VoterJourney.PASSPHRASE_FORM))
                    .as(journey.page().text())
                    .isTrue();

            election.put(Map.of(
                    ElectionSettings.CLOSES_AT,
                    OffsetDateTime.now(PARIS_WINTER)
                            .minusMinutes(1)
                            .truncatedTo(ChronoUnit.SECONDS)
                            .toString()));
            journey.choosePassphrase(PASSPHRASE);

            assertThat(journey.isInPersonalSpace()).isFalse();
            assertThat(journey.page().has("#isoloir-election-closed"))
                    .as(journey.page().text())
                    .isTrue();
            assertThat(sessionsOf(voter))
                    .as("no session was opened after closing")
                    .isEmpty();
        }
    }

    @Test
    void theVotersSessionsEndShortlyAfterClosingAndTheirRefreshTokensStopWorking() {
        Voter voter = server.voters().byEmail();
        try (ElectionAttributes election = openForAnHour()) {
            VoterJourney journey = loggedIn(server, voter);
            AuthorizationRequest request = AuthorizationRequest.of(server, Map.of());
            String code = request.codeOn(journey.open(request.uri()).page())
                    .orElseThrow(() -> new AssertionError(
                            "no code with the cookie: " + journey.page().text()));
            AuthorizationRequest.Tokens tokens = request.redeem(code);
            assertThat(tokens.status()).as(tokens.json().toString()).isEqualTo(200);
            assertThat(AuthorizationRequest.refresh(server, tokens.refreshToken())
                            .status())
                    .as("the refresh token works during the vote")
                    .isEqualTo(200);
            assertThat(sessionsOf(voter)).isNotEmpty();

            Instant closing = Instant.now().plusSeconds(2);
            election.put(Map.of(
                    ElectionSettings.CLOSES_AT, closing.atOffset(PARIS_WINTER).toString()));

            Instant deadline = closing.plus(SESSIONS_END_WITHIN);
            JsonNode sessions = sessionsOf(voter);
            while (!sessions.isEmpty() && Instant.now().isBefore(deadline)) {
                pollInterval();
                sessions = sessionsOf(voter);
            }
            Duration after = Duration.between(closing, Instant.now());
            assertThat(sessions)
                    .as("the voter's sessions %s after closing", after)
                    .isEmpty();
            System.out.printf(
                    "ElectionClosingIT: the voter's sessions were gone %d ms after closing%n", after.toMillis());

            AuthorizationRequest.Tokens refreshed = AuthorizationRequest.refresh(server, tokens.refreshToken());
            assertThat(refreshed.status()).as(refreshed.json().toString()).isEqualTo(400);
            assertThat(refreshed.json().path("error").asText()).isEqualTo("invalid_grant");
        }
    }

    private static void pollInterval() {
        try {
            Thread.sleep(100); // between two reads of the admin API, which offers nothing to wait on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
