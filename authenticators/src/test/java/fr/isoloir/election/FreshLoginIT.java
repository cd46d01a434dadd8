package fr.isoloir.election;

import fr.isoloir.testsupport.AuthorizationRequest;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.StoredEvents;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static fr.isoloir.election.ElectionClosingIT.PASSPHRASE;
import static fr.isoloir.election.ElectionClosingIT.loggedIn;
import static fr.isoloir.testsupport.VoterJourney.IDENTIFIER_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A voting site can demand a fresh login: with {@code prompt=login}, or a {@code max_age} that has
 * passed, the browser's SSO cookie does not log the voter in; the voter's steps are asked for again.
 * Without them the cookie logs the voter in. And on a shared terminal, the next person who logs in is
 * logged in as themselves, never as the previous voter.
 */
@ExtendWith(IsoloirServer.Extension.class)
class FreshLoginIT {

    private final IsoloirServer server;

    FreshLoginIT(IsoloirServer server) {
        this.server = server;
    }

    @Test
    void withoutPromptOrMaxAgeTheCookieLogsTheVoterInWithoutTheSteps() {
        Voter voter = server.voters().byEmail();
        VoterJourney journey = loggedIn(server, voter);

        AuthorizationRequest request = AuthorizationRequest.of(server, Map.of());
        String code = request.codeOn(journey.open(request.uri()).page())
                .orElseThrow(() -> new AssertionError(
                        "the cookie did not log in: " + journey.page().text()));

        assertThat(request.redeem(code).subject()).isEqualTo(voter.userId());
    }

    @Test
    void promptLoginShowsTheIdentifierPageDespiteTheCookieAndTheVoterGoesThroughTheSteps() {
        Voter voter = server.voters().byEmail();
        VoterJourney journey = loggedIn(server, voter);

        AuthorizationRequest request = AuthorizationRequest.of(server, Map.of("prompt", "login"));
        journey.open(request.uri());

        assertThat(request.codeOn(journey.page())).isEmpty();
        assertThat(journey.isOn(IDENTIFIER_FORM)).as(journey.page().text()).isTrue();

        journey.typeIdentifier(voter.typed())
                .typeCode(server.mailbox().awaitCode(voter.email(), 2))
                .givePassphrase(PASSPHRASE);
        String code = request.codeOn(journey.page())
                .orElseThrow(() -> new AssertionError(
                        "no code after the steps: " + journey.page().text()));
        assertThat(request.redeem(code).subject()).isEqualTo(voter.userId());
    }

    /**
     * max_age=0 is prompt=login in OpenID Connect; Keycloak counts in whole seconds and lets the cookie in
     * during the second of the login itself (auth_time + 0 < now is false then): from the next second on,
     * the steps. Voting sites should send prompt=login (docs/production.md).
     */
    @Test
    void maxAgeZeroShowsTheIdentifierPageDespiteTheCookieFromTheSecondAfterTheLogin() {
        VoterJourney journey = loggedIn(server, server.voters().byEmail());

        AuthorizationRequest request = untilTheCookieNoLongerLogsIn(journey, "0");

        assertThat(request.codeOn(journey.page())).isEmpty();
        assertThat(journey.isOn(IDENTIFIER_FORM)).as(journey.page().text()).isTrue();
    }

    /** Authorization requests with this max_age until one is not granted by the cookie (at most 30 s). */
    private AuthorizationRequest untilTheCookieNoLongerLogsIn(VoterJourney journey, String maxAge) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        AuthorizationRequest request;
        do {
            request = AuthorizationRequest.of(server, Map.of("max_age", maxAge));
            journey.open(request.uri());
        } while (request.codeOn(journey.page()).isPresent() && Instant.now().isBefore(deadline));
        return request;
    }

    @Test
    void aMaxAgeLetsTheCookieInUntilItHasPassedThenShowsTheIdentifierPage() {
        VoterJourney journey = loggedIn(server, server.voters().byEmail());
        AuthorizationRequest withinAnHour = AuthorizationRequest.of(server, Map.of("max_age", "3600"));
        assertThat(withinAnHour.codeOn(journey.open(withinAnHour.uri()).page()))
                .as("logged in less than an hour ago: %s", journey.page().text())
                .isPresent();

        // max_age=1: the cookie logs in until a second has passed since the login, then the steps again.
        AuthorizationRequest withinASecond = untilTheCookieNoLongerLogsIn(journey, "1");

        assertThat(withinASecond.codeOn(journey.page())).isEmpty();
        assertThat(journey.isOn(IDENTIFIER_FORM)).as(journey.page().text()).isTrue();
    }

    @Test
    void theNextPersonAtASharedTerminalLogsInAsThemselvesAndNeverSeesThePreviousVotersIdentifier() {
        Voter first = server.voters().byEmail();
        Voter next = server.voters().byEmail();
        VoterJourney terminal = loggedIn(server, first); // and leaves without logging out

        terminal.openVotingSite(); // the demo site asks for a fresh login: the identifier page, not the first voter's
        // space
        assertThat(terminal.page().message())
                .as("said without naming anyone")
                .contains("Chaque électeur se connecte avec son propre identifiant");
        terminal.typeIdentifier(next.typed())
                .typeCode(server.mailbox().awaitCode(next.email(), 1))
                .choosePassphrase("Un autre électeur vote ici cet après-midi");

        assertThat(terminal.isInPersonalSpace()).as(terminal.page().text()).isTrue();
        assertThat(terminal.claim("sub")).isEqualTo(next.userId());
        assertThat(terminal.page().html())
                .doesNotContain(first.identifier().username())
                .doesNotContain(first.typed());
        assertThat(server.admin()
                        .get("/admin/realms/" + IsoloirServer.REALM + "/users/" + first.userId() + "/sessions")
                        .expect(200)
                        .json())
                .as("the first voter's session ended when the next person logged in")
                .isEmpty();
        assertThat(StoredEvents.of(server).ofUser(first.userId()))
                .as("recorded as the first voter's logout, with why")
                .anyMatch(e -> e.type().equals("LOGOUT") && "isoloir_fresh_login".equals(e.detail("reason")));
    }
}
