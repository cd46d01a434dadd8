package fr.isoloir.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.testsupport.AuthorizationRequest;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Mailbox;
import fr.isoloir.testsupport.StoredEvents;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static fr.isoloir.recovery.LostIdentifierIT.PASSPHRASE;
import static fr.isoloir.recovery.LostIdentifierIT.identifierIn;
import static fr.isoloir.recovery.LostIdentifierIT.quietly;
import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static fr.isoloir.testsupport.VoterJourney.PASSPHRASE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Identifiant oublié" never takes access away (SEC-E5): whoever types a voter's contact, and however
 * often, the voter keeps logging in with what they had; the pending identifier sent replaces the current
 * one only at its first use. And the per-voter cap holds however the contact is written, sequentially
 * and under concurrent requests.
 */
@ExtendWith(IsoloirServer.Extension.class)
class LostIdentifierKeepsAccessIT {

    private final IsoloirServer server;

    LostIdentifierKeepsAccessIT(IsoloirServer server) {
        this.server = server;
    }

    @BeforeEach
    @AfterEach
    void testSettings() {
        LostIdentifierSettings.apply(server, Map.of());
    }

    VoterJourney lostPage() {
        return new VoterJourney(server).openVotingSite().followLostIdentifierLink();
    }

    void ask(String contact) {
        VoterJourney journey = lostPage().askForNewIdentifier(contact);
        assertThat(journey.isOnLostConfirmation()).as(journey.page().text()).isTrue();
    }

    VoterJourney logsInWithPassphrase(String identifier) {
        VoterJourney login = new VoterJourney(server).openVotingSite().typeIdentifier(identifier);
        assertThat(login.isOn(PASSPHRASE_FORM)).as(login.page().text()).isTrue();
        login.givePassphrase(PASSPHRASE);
        assertThat(login.isInPersonalSpace()).as(login.page().text()).isTrue();
        return login;
    }

    /** A postal voter with an email on record, who has logged in once (letter code) and chosen a passphrase. */
    Voter postalVoterWithEmailAndPassphrase() {
        Voter voter = server.voters().byPost("postal-" + UUID.randomUUID() + "@isoloir.test");
        VoterJourney first = new VoterJourney(server)
                .openVotingSite()
                .typeIdentifier(voter.typed())
                .typeCode(voter.postalCode())
                .choosePassphrase(PASSPHRASE);
        assertThat(first.isInPersonalSpace()).as(first.page().text()).isTrue();
        return voter;
    }

    JsonNode user(Voter voter) {
        return server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId())
                .expect(200)
                .json();
    }

    List<String> refusalReasons() {
        JsonNode events = server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM + "/events?type=RESET_PASSWORD_ERROR&max=500")
                .expect(200)
                .json();
        List<String> reasons = new ArrayList<>();
        events.forEach(e -> reasons.add(e.path("details").path("reason").asText()));
        return reasons;
    }

    @Nested
    class AScriptThatAsksAHundredTimesForAPostalVotersEmail {

        @Test
        void neverTakesTheirIdentifierSessionLoginInProgressOrChannelAndSendsOnlyTheCapOfOneIdentifier() {
            Voter voter = server.voters().byPost("postal-" + UUID.randomUUID() + "@isoloir.test");
            VoterJourney session = new VoterJourney(server)
                    .openVotingSite()
                    .typeIdentifier(voter.typed())
                    .typeCode(voter.postalCode())
                    .choosePassphrase(PASSPHRASE);
            assertThat(session.isInPersonalSpace()).as(session.page().text()).isTrue();
            VoterJourney inProgress = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
            assertThat(inProgress.isOn(PASSPHRASE_FORM)).isTrue();

            for (int post = 1; post <= 100; post++) {
                ask(voter.email());
                if (post % 20 == 0) {
                    assertThat(logsInWithPassphrase(voter.typed()).claim("sub"))
                            .as("after %d posts", post)
                            .isEqualTo(voter.userId());
                    assertThat(signedInBySession(session))
                            .as("session after %d posts", post)
                            .isTrue();
                }
            }

            inProgress.givePassphrase(PASSPHRASE);
            assertThat(inProgress.isInPersonalSpace())
                    .as(
                            "the login started before the posts: %s",
                            inProgress.page().text())
                    .isTrue();
            assertThat(user(voter)
                            .path("attributes")
                            .path("deliveryChannel")
                            .get(0)
                            .asText())
                    .isEqualTo("postal");
            assertThat(user(voter).path("username").asText())
                    .isEqualTo(voter.identifier().username());

            server.mailbox().awaitMessage(voter.email(), 3);
            quietly();
            List<String> sent = server.mailbox().messagesTo(voter.email()).stream()
                    .map(m -> identifierIn(Mailbox.plainText(m)))
                    .toList();
            assertThat(sent)
                    .as("3 an hour per contact, 3 a day per voter; the same pending identifier each time")
                    .hasSize(3)
                    .containsOnly(sent.get(0))
                    .doesNotContain(voter.typed());
            assertThat(Mailbox.plainText(
                            server.mailbox().messagesTo(voter.email()).get(0)))
                    .contains("Votre identifiant actuel fonctionne toujours");
            assertThat(refusalReasons()).contains("contact_hourly_limit");
        }
    }

    @Nested
    class ThePendingIdentifier {

        @Test
        void onceUsedLogsInAndTheOldOneThenFailsLikeAnUnknownOne() {
            Voter voter = postalVoterWithEmailAndPassphrase();
            ask(voter.email());
            String pending = identifierIn(Mailbox.plainText(server.mailbox().awaitMessage(voter.email(), 1)));
            logsInWithPassphrase(voter.typed());

            assertThat(logsInWithPassphrase(pending).claim("sub")).isEqualTo(voter.userId());
            assertThat(StoredEvents.of(server).ofUser(voter.userId()).stream().map(e -> e.detail("reason")))
                    .contains("identifier_promoted");

            // The old identifier is now unknown: the code page as for any unknown identifier, and every code fails.
            VoterJourney old = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
            assertThat(old.isOn(CODE_FORM)).as(old.page().text()).isTrue();
            old.typeCode("123456");
            assertThat(old.page().fieldError("code"))
                    .isEqualTo("Code de connexion incorrect. Vérifiez-le et réessayez.");
            assertThat(logsInWithPassphrase(pending).claim("sub")).isEqualTo(voter.userId());
        }

        @Test
        void isTheSameForEachRequestAndANewOneFollowsOnlyAfterItsUse() {
            Voter voter = postalVoterWithEmailAndPassphrase();
            ask(voter.email());
            ask(voter.email());
            server.mailbox().awaitMessage(voter.email(), 2);
            List<String> sent = server.mailbox().messagesTo(voter.email()).stream()
                    .map(m -> identifierIn(Mailbox.plainText(m)))
                    .toList();
            assertThat(sent).hasSize(2).containsOnly(sent.get(0));

            logsInWithPassphrase(sent.get(0));
            ask(voter.email());
            String next = identifierIn(Mailbox.plainText(server.mailbox().awaitMessage(voter.email(), 3)));
            assertThat(next).isNotEqualTo(sent.get(0));
            logsInWithPassphrase(sent.get(0));
        }
    }

    @Nested
    class AnEmailRequest {

        @Test
        void sendsNoTextAtAllAndTakesNothingFromTheRealmSmsBudget() {
            int budget = spendTheRealmSmsBudget();
            LostIdentifierSettings.apply(server, Map.of("realmSmsPerDay", Integer.toString(budget + 1)));
            Voter withMobile = server.voters().byEmailWithMobile();
            int textsBefore = server.twilio().count();
            ask(withMobile.email());
            identifierIn(Mailbox.plainText(server.mailbox().awaitMessage(withMobile.email(), 1)));
            quietly();
            assertThat(server.twilio().count())
                    .as("texts sent by an email request")
                    .isEqualTo(textsBefore);

            Voter bySms = server.voters().bySms();
            ask(bySms.phone());
            assertThat(server.twilio().awaitText(bySms.phone(), 1))
                    .as("the one SMS left in the day's budget")
                    .contains("ancien");
        }

        /**
         * Sets the realm's SMS budget to a figure and spends it to the last SMS (the budget is shared by
         * every test of the run on this server, so what is left is unknown): returns the figure.
         */
        int spendTheRealmSmsBudget() {
            for (int budget = 16; budget <= 4096; budget *= 2) {
                LostIdentifierSettings.apply(server, Map.of("realmSmsPerDay", Integer.toString(budget)));
                int sent = 0;
                while (true) {
                    Voter voter = server.voters().bySms();
                    ask(voter.phone());
                    if (!textArrives(voter.phone())) {
                        break;
                    }
                    sent++;
                }
                if (sent > 0) {
                    return budget;
                }
            }
            throw new AssertionError("the realm's SMS budget could not be spent");
        }

        /** Whether a text reaches this number within a few seconds (a send goes out in the background). */
        boolean textArrives(String phone) {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
            while (server.twilio().textsTo(phone).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000); // polling an HTTP fake
            }
            return true;
        }
    }

    @Nested
    class AnSmsRequest {

        @Test
        void tellsTheVotersEmailThatTheCurrentIdentifierStillWorks() {
            Voter voter = server.voters().byEmailWithMobile();
            ask("0" + voter.phone().substring(3));
            identifierIn(server.twilio().awaitText(voter.phone(), 1));
            String notice = Mailbox.plainText(server.mailbox().awaitMessage(voter.email(), 1));
            assertThat(notice)
                    .contains("Votre identifiant actuel fonctionne toujours")
                    .doesNotContainPattern(LostIdentifierIT.IDENTIFIER.pattern());
        }
    }

    @Nested
    class ThePerVoterCap {

        @Test
        void holdsWhateverContactIsTypedAndHowItIsWritten() {
            LostIdentifierSettings.apply(server, Map.of("perContactPerHour", "20", "perContactPerDay", "50"));
            Voter voter = server.voters().byEmailWithMobile();
            String national = "0" + voter.phone().substring(3);
            String spaced = national.replaceAll("(\\d{2})(?=\\d)", "$1 ");
            int textsBefore = server.twilio().count();
            for (String typed : List.of(
                    spaced,
                    voter.phone(),
                    voter.email(),
                    national,
                    voter.email().toUpperCase())) {
                ask(typed);
            }
            // Two texts (06 12 34 56 78, +336…), one email; the fourth and fifth requests send nothing.
            server.twilio().awaitText(voter.phone(), 2);
            quietly();
            List<String> texts = server.twilio().textsTo(voter.phone());
            List<String> identifiers = new ArrayList<>(
                    texts.stream().map(LostIdentifierIT::identifierIn).toList());
            server.mailbox().messagesTo(voter.email()).stream()
                    .map(Mailbox::plainText)
                    .filter(text -> LostIdentifierIT.IDENTIFIER.matcher(text).find())
                    .forEach(text -> identifiers.add(identifierIn(text)));
            assertThat(identifiers).hasSize(3).containsOnly(identifiers.get(0));
            assertThat(server.twilio().count() - textsBefore).isEqualTo(2);
            assertThat(refusalReasons()).contains("voter_daily_limit");
        }

        @Test
        void holdsUnderTwentyConcurrentRequestsAndTheVoterStillLogsIn() throws Exception {
            LostIdentifierSettings.apply(server, Map.of("perContactPerHour", "20", "perContactPerDay", "50"));
            Voter voter = postalVoterWithEmailAndPassphrase();
            List<VoterJourney> pages = new ArrayList<>();
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                VoterJourney page = lostPage();
                pages.add(page);
                answers.add(page.captchaAnswer());
            }
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(20);
            try {
                List<Future<Boolean>> confirmations = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    VoterJourney page = pages.get(i);
                    String answer = answers.get(i);
                    confirmations.add(pool.submit(() -> {
                        start.await();
                        return page.askForNewIdentifier(voter.email(), answer).isOnLostConfirmation();
                    }));
                }
                start.countDown();
                for (Future<Boolean> confirmation : confirmations) {
                    assertThat(confirmation.get()).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }

            server.mailbox().awaitMessage(voter.email(), 3);
            quietly();
            List<String> sent = server.mailbox().messagesTo(voter.email()).stream()
                    .map(m -> identifierIn(Mailbox.plainText(m)))
                    .toList();
            assertThat(sent).as("perVoterPerDay 3").hasSize(3).containsOnly(sent.get(0));
            assertThat(logsInWithPassphrase(voter.typed()).claim("sub")).isEqualTo(voter.userId());
            assertThat(logsInWithPassphrase(sent.get(0)).claim("sub")).isEqualTo(voter.userId());
        }
    }

    /**
     * Whether this browser's single sign-on session still logs the voter in: an authorization request without
     * prompt=login (the demo voting site sends it by default) comes back with a code and no step.
     */
    private boolean signedInBySession(VoterJourney browser) {
        AuthorizationRequest request = AuthorizationRequest.of(server, Map.of());
        return request.codeOn(browser.open(request.uri()).page()).isPresent();
    }
}
