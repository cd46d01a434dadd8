package fr.isoloir.passphrase;

import fr.isoloir.testsupport.Bursts;
import fr.isoloir.testsupport.GuessingWindows;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.StoredEvents;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static fr.isoloir.testsupport.VoterJourney.PASSPHRASE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passphrase guessing takes a slot of the voter's budget (per identifier and client network) before each
 * comparison (SEC-B6): a burst of concurrent posts compares no more than the budget, and then even the right
 * passphrase gets the lockout page, which says until when.
 */
@ExtendWith(IsoloirServer.Extension.class)
class PassphraseGuessingIT {

    private static final String PASSPHRASE = "Cinquante essais et pas un de plus";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IsoloirServer server;

    PassphraseGuessingIT(IsoloirServer server) {
        this.server = server;
    }

    @Test
    void fiftyWrongPassphrasesAtOnceCompareAtMostTheBudgetThenTheRightOneGetsTheLockoutPageUntilTheQuarterEnds() {
        Voter voter = server.voters().byEmail();
        VoterJourney first = arriveOnCodePage(voter);
        first.typeCode(server.mailbox().awaitCode(voter.email(), 1)).choosePassphrase(PASSPHRASE);
        assertThat(first.isInPersonalSpace()).as(first.page().text()).isTrue();

        GuessingWindows.awaitRoomInQuarter(Duration.ofMinutes(4));
        VoterJourney guesser = arriveOnCodePage(voter);
        guesser.typeCode(server.mailbox().awaitCode(voter.email(), 2));
        assertThat(guesser.isOn(PASSPHRASE_FORM)).as(guesser.page().text()).isTrue();
        Instant quarterEnd = GuessingWindows.quarterEnd(Instant.now());
        String lockedOut = GuessingWindows.lockedOutUntil(quarterEnd);

        int rounds = Bursts.until(
                guesser,
                PASSPHRASE_FORM,
                () -> Map.of("passphrase", "Une phrase au hasard numéro " + RANDOM.nextInt(1_000_000)),
                page -> lockedOut.equals(page.message()));

        long compared = StoredEvents.of(server).ofUser(voter.userId()).stream()
                .filter(e -> "wrong_passphrase".equals(e.detail("reason")))
                .count();
        System.out.printf(
                "SEC-B6 passphrase under load: %d rounds of %d concurrent wrong passphrases, %d compared%n",
                rounds, Bursts.SIZE, compared);
        assertThat(compared).as("passphrases compared").isBetween(1L, (long) GuessingWindows.PER_NETWORK_PER_QUARTER);

        guesser.givePassphrase(PASSPHRASE);
        assertThat(guesser.isInPersonalSpace())
                .as("a locked identifier must not get through")
                .isFalse();
        assertThat(guesser.isOn(PASSPHRASE_FORM)).as(guesser.page().text()).isTrue();
        assertThat(guesser.page().message()).isEqualTo(lockedOut);
    }

    private VoterJourney arriveOnCodePage(Voter voter) {
        VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
        assertThat(journey.isOn(CODE_FORM)).as(journey.page().text()).isTrue();
        return journey;
    }
}
