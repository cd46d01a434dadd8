package fr.isoloir.code;

import fr.isoloir.postal.PostalCode;
import fr.isoloir.testsupport.AttackDetection;
import fr.isoloir.testsupport.Codes;
import fr.isoloir.testsupport.AttackDetection.Status;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Messages;
import fr.isoloir.testsupport.StoredEvents;
import fr.isoloir.testsupport.TestRealm;
import fr.isoloir.testsupport.VoterBrowser.Page;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static fr.isoloir.testsupport.VoterJourney.PASSPHRASE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing codes is bounded per voter, not per login: Keycloak's brute-force detection counts every wrong
 * code, restarted logins included, and after the realm's failureFactor (10) failures locks the voter for
 * a while (SEC-B6, and SEC-C4 for the code on a postal letter). A locked voter's right code gets exactly
 * the page a wrong code gets (SEC-G1). Rapid failures would trip Keycloak's separate quick-login check:
 * these tests turn it off to see the failure count at work.
 */
@ExtendWith(IsoloirServer.Extension.class)
class CodeGuessingLockoutIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The realm's failureFactor. */
    private static final int FAILURE_FACTOR = 10;
    /** The realm's waitIncrementSeconds: the first lockout lasts this long. */
    private static final int FIRST_WAIT_SECONDS = 60;

    private final IsoloirServer server;
    private final AttackDetection attackDetection;

    CodeGuessingLockoutIT(IsoloirServer server) {
        this.server = server;
        this.attackDetection = AttackDetection.of(server);
    }

    @Nested
    class WrongEmailedCodes {

        @Test
        void countAcrossRestartedLoginsUntilTheVoterIsLockedForAWhileAndTheRightCodeIsRefusedLikeAWrongOne() {
            try (TestRealm realm = TestRealm.of(server).withRealmSettings(Map.of("quickLoginCheckMilliSeconds", 1))) {
                Voter voter = server.voters().byEmail();

                VoterJourney first = arriveOnCodePage(voter);
                String firstCode = server.mailbox().awaitCode(voter.email(), 1);
                List<Page> unlockedPages = new ArrayList<>();
                for (int failure = 1; failure <= 5; failure++) {
                    first.typeCode(Codes.wrong(firstCode));
                    unlockedPages.add(first.page());
                    assertThat(attackDetection.awaitFailures(voter, failure).numFailures()).isEqualTo(failure);
                }
                assertThat(unlockedPages.get(0).fieldError("code")).isEqualTo(Messages.fr("isoloirCodeInvalid"));
                Status afterFirstLogin = attackDetection.of(voter);
                assertThat(afterFirstLogin.numFailures()).isEqualTo(5);
                assertThat(afterFirstLogin.disabled()).isFalse();

                // Restarting the login gives a new code, not a new count.
                VoterJourney second = arriveOnCodePage(voter);
                String secondCode = server.mailbox().awaitCode(voter.email(), 2);
                for (int failure = 6; failure <= FAILURE_FACTOR; failure++) {
                    second.typeCode(Codes.wrong(secondCode));
                    attackDetection.awaitFailures(voter, failure);
                }

                Status locked = attackDetection.of(voter);
                assertThat(locked.numFailures()).isEqualTo(FAILURE_FACTOR);
                assertThat(locked.disabled()).as("locked after %d failures: %s", FAILURE_FACTOR, locked).isTrue();
                assertThat(locked.failedLoginNotBefore()).isGreaterThan(Instant.now().getEpochSecond());
                assertThat(locked.failedLoginNotBefore() - locked.lastFailure() / 1000)
                        .as("a temporary lockout of waitIncrementSeconds").isBetween(FIRST_WAIT_SECONDS - 1L, (long) FIRST_WAIT_SECONDS);
                assertThat(attackDetection.isEnabled(voter)).as("not permanently disabled").isTrue();

                // The lockout is not shown: the code the tenth failure killed still says so.
                second.typeCode(secondCode);
                assertThat(second.page().fieldError("code")).isEqualTo(Messages.fr("isoloirCodeTooManyAttempts"));

                // A fresh login: the right code, then wrong ones, get the very pages an unlocked voter got.
                VoterJourney third = arriveOnCodePage(voter);
                String thirdCode = server.mailbox().awaitCode(voter.email(), 3);
                for (int entry = 1; entry <= 5; entry++) {
                    third.typeCode(entry == 1 ? thirdCode : Codes.wrong(thirdCode));
                    assertThat(third.isOn(PASSPHRASE_FORM)).as("a locked voter must not get through").isFalse();
                    assertThat(third.page().status()).isEqualTo(unlockedPages.get(entry - 1).status());
                    assertThat(third.page().normalisedHtml()).as("entry %d", entry)
                            .isEqualTo(unlockedPages.get(entry - 1).normalisedHtml());
                }
                assertThat(attackDetection.of(voter).numFailures()).as("locked entries are not counted again")
                        .isEqualTo(FAILURE_FACTOR);
                assertThat(StoredEvents.of(server).ofUser(voter.userId()))
                        .anySatisfy(e -> {
                            assertThat(e.type()).isEqualTo("LOGIN_ERROR");
                            assertThat(e.error()).isEqualTo("user_temporarily_disabled");
                            assertThat(e.detail("reason")).isEqualTo("brute_force_lockout");
                        })
                        .anySatisfy(e -> assertThat(e.type()).isEqualTo("USER_DISABLED_BY_TEMPORARY_LOCKOUT"));
            }
        }
    }

    @Nested
    class WrongPostalCodes {

        @Test
        void spendTheLoginAfterFiveAndLockTheVoterAfterTenWhileTheLetterStillHoldsTheRightCode() {
            try (TestRealm realm = TestRealm.of(server).withRealmSettings(Map.of("quickLoginCheckMilliSeconds", 1))) {
                Voter voter = server.voters().byPost();

                VoterJourney first = arriveOnCodePage(voter);
                Page wrongCodePage = null;
                for (int failure = 1; failure <= 5; failure++) {
                    first.typeCode(wrongPostalCode(voter));
                    attackDetection.awaitFailures(voter, failure);
                    assertThat(first.page().fieldError("code")).as("entry %d", failure)
                            .isEqualTo(Messages.fr(failure < 5 ? "isoloirCodeInvalid" : "isoloirPostalCodeTooManyAttempts"));
                    if (failure == 1) {
                        wrongCodePage = first.page();
                    }
                }
                first.typeCode(voter.postalCode());
                assertThat(first.isOn(PASSPHRASE_FORM)).as("this login is spent").isFalse();
                assertThat(first.page().fieldError("code")).isEqualTo(Messages.fr("isoloirPostalCodeTooManyAttempts"));

                VoterJourney second = arriveOnCodePage(voter);
                for (int failure = 6; failure <= FAILURE_FACTOR; failure++) {
                    second.typeCode(wrongPostalCode(voter));
                    attackDetection.awaitFailures(voter, failure);
                }
                assertThat(attackDetection.of(voter).disabled()).isTrue();
                assertThat(attackDetection.isEnabled(voter)).isTrue();
                // The lockout is not shown: the spent login still says so.
                second.typeCode(wrongPostalCode(voter));
                assertThat(second.page().fieldError("code")).isEqualTo(Messages.fr("isoloirPostalCodeTooManyAttempts"));

                VoterJourney third = arriveOnCodePage(voter);
                third.typeCode(voter.postalCode());
                assertThat(third.isOn(PASSPHRASE_FORM)).as("a locked voter must not get through").isFalse();
                assertThat(third.page().fieldError("code")).isEqualTo(Messages.fr("isoloirCodeInvalid"));
                assertThat(third.page().normalisedHtml()).isEqualTo(wrongCodePage.normalisedHtml());

                // Once the lockout is lifted, the letter's code still works: only logins were spent.
                attackDetection.reset(voter);
                VoterJourney fourth = arriveOnCodePage(voter);
                fourth.typeCode(voter.postalCode());
                assertThat(fourth.isOn(PASSPHRASE_FORM)).as(fourth.page().text()).isTrue();
            }
        }

        private static String wrongPostalCode(Voter voter) {
            String wrong;
            do {
                wrong = PostalCode.generate(RANDOM).display();
            } while (PostalCode.parse(wrong).code().orElseThrow().equals(PostalCode.parse(voter.postalCode()).code().orElseThrow()));
            return wrong;
        }
    }

    private VoterJourney arriveOnCodePage(Voter voter) {
        VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
        assertThat(journey.isOn(CODE_FORM)).as(journey.page().text()).isTrue();
        return journey;
    }
}
