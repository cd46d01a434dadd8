package fr.isoloir.code;

import fr.isoloir.testsupport.AttackDetection;
import fr.isoloir.testsupport.Codes;
import fr.isoloir.testsupport.GuessingWindows;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Messages;
import fr.isoloir.testsupport.StoredEvents;
import fr.isoloir.testsupport.TestRealm;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static fr.isoloir.testsupport.VoterJourney.PASSPHRASE_FORM;
import static fr.isoloir.testsupport.VoterJourney.RESEND_FORM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The life of an emailed connection code on the real server: expiry (SEC-B2, SEC-H3), the 5-entry limit
 * (SEC-B5), "send a new code" and its wait (SEC-B4, SEC-B8), the per-voter send budget across restarted
 * logins (SEC-B8), and a code page that sends nothing on a refresh.
 */
@ExtendWith(IsoloirServer.Extension.class)
class ConnectionCodeSecurityIT {

    private final IsoloirServer server;

    ConnectionCodeSecurityIT(IsoloirServer server) {
        this.server = server;
    }

    @Nested
    class AnExpiredCode {

        @Test
        void isRefusedWithAskForANewCodeAndTheNewCodeThenWorks() throws InterruptedException {
            try (TestRealm realm = TestRealm.of(server).withCodeConfig(Map.of("codeValiditySeconds", "2"))) {
                Voter voter = server.voters().byEmail();
                VoterJourney journey = arriveOnCodePage(voter);
                // The code was issued before the page came back, and is valid at most 2 s from then.
                Instant expiredBy = Instant.now().plusMillis(2_200);
                String code = server.mailbox().awaitCode(voter.email(), 1);
                waitUntil(expiredBy);

                journey.typeCode(code);

                assertThat(journey.isOn(CODE_FORM)).as(journey.page().text()).isTrue();
                assertThat(journey.page().fieldError("code")).isEqualTo(Messages.fr("isoloirCodeExpired"));
                assertThat(journey.isOn(RESEND_FORM))
                        .as("a way out: send a new code")
                        .isTrue();
                assertThat(StoredEvents.of(server).ofUser(voter.userId()))
                        .filteredOn(StoredEvents.Event.step("code"))
                        .anySatisfy(e -> {
                            assertThat(e.error()).isEqualTo("expired_code");
                            assertThat(e.detail("reason")).isEqualTo("code_expired");
                        });

                // The next code must outlive its delivery: back to the shipped validity.
                realm.withCodeConfig(Map.of("codeValiditySeconds", "600"));
                journey.askForANewCode();
                assertThat(journey.page().message()).isEqualTo(Messages.fr("isoloirCodeResent"));

                journey.typeCode(server.mailbox().awaitCode(voter.email(), 2));
                assertThat(journey.isOn(PASSPHRASE_FORM))
                        .as(journey.page().text())
                        .isTrue();
            }
        }
    }

    @Nested
    class FiveWrongEntries {

        @Test
        void killTheCodeSoThatEvenTheRightOneIsRefusedUntilANewCodeIsSent() {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = arriveOnCodePage(voter);
            String code = server.mailbox().awaitCode(voter.email(), 1);

            for (int entry = 1; entry <= 5; entry++) {
                journey.typeCode(Codes.wrong(code));
                AttackDetection.of(server).awaitFailures(voter, entry);
                assertThat(journey.page().fieldError("code"))
                        .as("entry %d", entry)
                        .isEqualTo(Messages.fr(entry < 5 ? "isoloirCodeInvalid" : "isoloirCodeTooManyAttempts"));
            }

            journey.typeCode(code);
            assertThat(journey.isOn(CODE_FORM)).as(journey.page().text()).isTrue();
            assertThat(journey.page().fieldError("code")).isEqualTo(Messages.fr("isoloirCodeTooManyAttempts"));
            assertThat(StoredEvents.of(server).ofUser(voter.userId()))
                    .filteredOn(StoredEvents.Event.step("code"))
                    .anySatisfy(e -> {
                        assertThat(e.error()).isEqualTo("invalid_code");
                        assertThat(e.detail("reason")).isEqualTo("code_exhausted");
                    });

            journey.askForANewCode();
            assertThat(journey.page().message()).isEqualTo(Messages.fr("isoloirCodeResent"));
            journey.typeCode(server.mailbox().awaitCode(voter.email(), 2));
            assertThat(journey.isOn(PASSPHRASE_FORM)).as(journey.page().text()).isTrue();
        }
    }

    @Nested
    class AskingForANewCode {

        @Test
        void rightAwaySaysHowManySecondsToWaitAndSendsNothing() {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = arriveOnCodePage(voter);
            String code = server.mailbox().awaitCode(voter.email(), 1);

            journey.askForANewCode();

            assertThat(journey.isOn(CODE_FORM)).as(journey.page().text()).isTrue();
            Matcher wait = Messages.frPattern("isoloirCodeResendWait")
                    .matcher(String.valueOf(journey.page().message()));
            assertThat(wait.matches())
                    .as("wait message, got: %s", journey.page().message())
                    .isTrue();
            assertThat(Integer.parseInt(wait.group(1))).isBetween(1, 60);
            assertThat(server.mailbox().messagesTo(voter.email())).hasSize(1);
            assertThat(codesSentTo(voter)).isEqualTo(1);
            // No new code was issued: the first one still works (a new one would have replaced it).
            journey.typeCode(code);
            assertThat(journey.isOn(PASSPHRASE_FORM)).as(journey.page().text()).isTrue();
        }

        @Test
        void withoutAWaitSendsANewCodeAndTheEarlierOneStopsWorking() {
            try (TestRealm realm = TestRealm.of(server).withCodeConfig(Map.of("resendWaitSeconds", "0"))) {
                Voter voter = server.voters().byEmail();
                VoterJourney journey = arriveOnCodePage(voter);
                String earlier = server.mailbox().awaitCode(voter.email(), 1);

                journey.askForANewCode();
                assertThat(journey.page().message()).isEqualTo(Messages.fr("isoloirCodeResent"));
                String newer = server.mailbox().awaitCode(voter.email(), 2);
                assumeFalse(newer.equals(earlier), "the two random codes happen to be equal (one chance in a million)");

                journey.typeCode(earlier);
                assertThat(journey.page().fieldError("code")).isEqualTo(Messages.fr("isoloirCodeInvalid"));
                AttackDetection.of(server).awaitFailures(voter, 1);

                journey.typeCode(newer);
                assertThat(journey.isOn(PASSPHRASE_FORM))
                        .as(journey.page().text())
                        .isTrue();
            }
        }
    }

    @Nested
    class ACode {

        @Test
        void worksOnlyInTheLoginThatAskedForIt() {
            Voter voter = server.voters().byEmail();
            VoterJourney first = arriveOnCodePage(voter);
            String firstCode = server.mailbox().awaitCode(voter.email(), 1);
            VoterJourney second = arriveOnCodePage(voter);
            String secondCode = server.mailbox().awaitCode(voter.email(), 2);
            assumeFalse(
                    secondCode.equals(firstCode), "the two random codes happen to be equal (one chance in a million)");

            second.typeCode(firstCode);
            assertThat(second.page().fieldError("code")).isEqualTo(Messages.fr("isoloirCodeInvalid"));
            AttackDetection.of(server).awaitFailures(voter, 1);

            first.typeCode(firstCode);
            assertThat(first.isOn(PASSPHRASE_FORM)).as(first.page().text()).isTrue();
        }
    }

    @Nested
    class TheSendBudget {

        @Test
        void refusesTheFourthCodeWithin15MinutesAcrossRestartedLoginsAndSendsNothing() {
            Voter voter = server.voters().byEmail();
            spendTheSendBudget(voter);

            VoterJourney fourth = arriveOnCodePage(voter);
            String refusal = Messages.fr("isoloirCodeSendBudgetExhausted", 15);
            assertThat(fourth.page().message()).isEqualTo(refusal);
            fourth.askForANewCode();
            assertThat(fourth.page().message()).isEqualTo(refusal);

            assertThat(codesSentTo(voter)).isEqualTo(3);
            assertThat(StoredEvents.of(server).ofUser(voter.userId()))
                    .filteredOn(e -> "isoloir_send_throttled".equals(e.error()))
                    .hasSize(2)
                    .allSatisfy(e -> assertThat(e.detail("reason")).isEqualTo("short_window"));
            assertThat(server.mailbox().messagesTo(voter.email())).hasSize(3);
        }

        @Test
        void isCountedPerNetworkSoTenLoginsFromOneNetworkLeaveTheVoterCodesFromAnother() {
            Voter voter = server.voters().byEmail();
            for (int login = 1; login <= 10; login++) {
                VoterJourney fromA = arriveOnCodePage(voter);
                assertThat(fromA.page().message())
                        .as("login %d from network A", login)
                        .isEqualTo(login <= 3 ? null : Messages.fr("isoloirCodeSendBudgetExhausted", 15));
            }
            server.mailbox().awaitMessage(voter.email(), 3);

            VoterJourney fromB = new VoterJourney(server, GuessingWindows.loopback(2))
                    .openVotingSite()
                    .typeIdentifier(voter.typed());
            assertThat(fromB.isOn(CODE_FORM)).as(fromB.page().text()).isTrue();
            assertThat(fromB.page().message())
                    .as("a code is sent from network B")
                    .isNull();
            fromB.typeCode(server.mailbox().awaitCode(voter.email(), 4));
            assertThat(fromB.isOn(PASSPHRASE_FORM)).as(fromB.page().text()).isTrue();
            assertThat(codesSentTo(voter)).isEqualTo(4);
        }

        @Test
        void isCountedPerIdentifierSoAnotherVoterStillGetsACode() {
            Voter spent = server.voters().byEmail();
            spendTheSendBudget(spent);
            assertThat(arriveOnCodePage(spent).page().message())
                    .isEqualTo(Messages.fr("isoloirCodeSendBudgetExhausted", 15));

            Voter other = server.voters().byEmail();
            VoterJourney journey = arriveOnCodePage(other);
            assertThat(journey.page().message()).isNull();
            journey.typeCode(server.mailbox().awaitCode(other.email(), 1));
            assertThat(journey.isOn(PASSPHRASE_FORM)).as(journey.page().text()).isTrue();
        }

        /** Three logins, each restarted from the voting site, each sending a code. */
        private void spendTheSendBudget(Voter voter) {
            for (int login = 1; login <= 3; login++) {
                VoterJourney journey = arriveOnCodePage(voter);
                assertThat(journey.page().message()).as("login %d", login).isNull();
                server.mailbox().awaitMessage(voter.email(), login);
            }
        }
    }

    @Nested
    class TheCodePage {

        @Test
        void statesHowLongTheCodeIsValidAndHowLongToWaitBeforeANewOne() {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = arriveOnCodePage(voter);

            assertThat(journey.page().text())
                    .contains(Messages.fr("isoloirCodeValidity", 10))
                    .contains("10 minutes")
                    .contains(Messages.fr("isoloirResendHint", 60));
            server.mailbox().awaitMessage(voter.email(), 1);
        }

        @Test
        void sendsNoOtherCodeWhenReloaded() {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = arriveOnCodePage(voter);
            String code = server.mailbox().awaitCode(voter.email(), 1);

            // A reload asks for the step's own address (isoloir.js put it in the address bar), twice.
            journey.refresh();
            assertThat(journey.isOn(CODE_FORM))
                    .as(journey.page().uri() + " " + journey.page().text())
                    .isTrue();
            assertThat(journey.page().message()).isNull();
            journey.refresh();
            assertThat(journey.isOn(CODE_FORM))
                    .as(journey.page().uri() + " " + journey.page().text())
                    .isTrue();

            assertThat(codesSentTo(voter)).isEqualTo(1);
            assertThat(server.mailbox().messagesTo(voter.email())).hasSize(1);
            journey.typeCode(code);
            assertThat(journey.isOn(PASSPHRASE_FORM))
                    .as("the code sent first still works")
                    .isTrue();
        }
    }

    private VoterJourney arriveOnCodePage(Voter voter) {
        VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
        assertThat(journey.isOn(CODE_FORM)).as(journey.page().text()).isTrue();
        return journey;
    }

    /** Codes the server sent to this voter, as its events record them (written before the page is answered). */
    private long codesSentTo(Voter voter) {
        return StoredEvents.of(server).ofUser(voter.userId()).stream()
                .filter(StoredEvents.Event.step("code"))
                .filter(e -> "CUSTOM_REQUIRED_ACTION".equals(e.type()) && e.detail("isoloir_sent_to") != null)
                .count();
    }

    private static void waitUntil(Instant instant) throws InterruptedException {
        Duration left = Duration.between(Instant.now(), instant);
        if (!left.isNegative()) {
            Thread.sleep(left.toMillis() + 1); // the condition is the passing of time itself
        }
    }
}
