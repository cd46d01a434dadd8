package fr.isoloir.code;

import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.postal.PostalCode;
import fr.isoloir.testsupport.AttackDetection;
import fr.isoloir.testsupport.Bursts;
import fr.isoloir.testsupport.Codes;
import fr.isoloir.testsupport.GuessingWindows;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Messages;
import fr.isoloir.testsupport.StoredEvents;
import fr.isoloir.testsupport.VoterBrowser.Page;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static fr.isoloir.testsupport.VoterJourney.PASSPHRASE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing is bounded by slots taken before any comparison, so that concurrent posts can never compare more
 * than the limit: 5 per sent code (SEC-B5), 5 per login for the postal code (SEC-C4), and the voter's budget
 * per identifier and client network (SEC-B6). A lockout is shown with its end, the same for a voter's
 * identifier and one that matches nobody (SEC-G1 as amended by issue 15), and leaves the voter's access
 * from another network whole: holding an identifier no longer lets anyone lock its voter out.
 */
@ExtendWith(IsoloirServer.Extension.class)
class CodeGuessingLockoutIT {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final IsoloirServer server;

    CodeGuessingLockoutIT(IsoloirServer server) {
        this.server = server;
    }

    @Nested
    class FiftyWrongCodesAtOnce {

        @Test
        void compareAtMostFiveThenTheCodeIsDeadAndEvenTheRightOneIsRefused() {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = arriveOnCodePage(new VoterJourney(server), voter.typed());
            String code = server.mailbox().awaitCode(voter.email(), 1);

            int rounds = Bursts.until(
                    journey,
                    CODE_FORM,
                    () -> Map.of("code", Codes.wrong(code)),
                    page -> Messages.fr("isoloirCodeTooManyAttempts").equals(page.fieldError("code")));

            int compared = reasons(voter, "wrong_code");
            System.out.printf(
                    "SEC-B5 under load: %d rounds of %d concurrent wrong codes, %d compared%n",
                    rounds, Bursts.SIZE, compared);
            assertThat(compared).as("codes compared").isBetween(1, 5);
            journey.refresh().typeCode(code);
            assertThat(journey.isOn(PASSPHRASE_FORM))
                    .as("the dead code must not let anyone in")
                    .isFalse();
            assertThat(journey.page().fieldError("code")).isEqualTo(Messages.fr("isoloirCodeTooManyAttempts"));
        }
    }

    @Nested
    class FiftyWrongPostalCodesAtOnce {

        @Test
        void compareAtMostFiveThenTheLoginIsSpentWhileTheLetterStillHoldsTheRightCode() {
            Voter voter = server.voters().byPost();
            VoterJourney journey = arriveOnCodePage(new VoterJourney(server), voter.typed());

            int rounds = Bursts.until(
                    journey,
                    CODE_FORM,
                    () -> Map.of("code", wrongPostalCode(voter)),
                    page -> Messages.fr("isoloirPostalCodeTooManyAttempts").equals(page.fieldError("code")));

            int compared = reasons(voter, "wrong_postal_code");
            System.out.printf(
                    "SEC-C4 under load: %d rounds of %d concurrent wrong postal codes, %d compared%n",
                    rounds, Bursts.SIZE, compared);
            assertThat(compared).as("postal codes compared").isBetween(1, 5);
            journey.refresh().typeCode(voter.postalCode());
            assertThat(journey.isOn(PASSPHRASE_FORM)).as("this login is spent").isFalse();
            assertThat(journey.page().fieldError("code")).isEqualTo(Messages.fr("isoloirPostalCodeTooManyAttempts"));

            VoterJourney next = arriveOnCodePage(new VoterJourney(server), voter.typed());
            next.typeCode(voter.postalCode());
            assertThat(next.isOn(PASSPHRASE_FORM)).as(next.page().text()).isTrue();
        }
    }

    @Nested
    class TheVotersGuessingBudget {

        @Test
        void locksTheIdentifierOnOneNetworkSayingUntilWhenWhileAnotherNetworkStillLogsIn() {
            GuessingWindows.awaitRoomInQuarter(Duration.ofMinutes(3));
            Voter voter = server.voters().byEmail();
            VoterJourney fromA = arriveOnCodePage(new VoterJourney(server), voter.typed());
            List<Page> lockoutPages =
                    spendTheNetworksQuarter(fromA, sent -> server.mailbox().awaitCode(voter.email(), sent));
            Instant quarterEnd = GuessingWindows.quarterEnd(Instant.now());

            for (Page page : lockoutPages) {
                assertThat(page.message()).isEqualTo(GuessingWindows.lockedOutUntil(quarterEnd));
            }
            assertThat(fromA.isOn(PASSPHRASE_FORM))
                    .as("the right code is refused while locked")
                    .isFalse();
            List<StoredEvents.Event> events = StoredEvents.of(server).ofUser(voter.userId());
            assertThat(events)
                    .filteredOn(e -> "isoloir_locked_out".equals(e.error()))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.type()).isEqualTo("LOGIN_ERROR");
                        assertThat(e.detail("reason")).isEqualTo("per_network");
                    });
            assertThat(events)
                    .filteredOn(e -> "isoloir_attempt_refused".equals(e.error()))
                    .hasSize(lockoutPages.size() - 1);
            AttackDetection.Status status = AttackDetection.of(server).of(voter);
            assertThat(status.numFailures()).isEqualTo(GuessingWindows.PER_NETWORK_PER_QUARTER);
            assertThat(status.lockoutsOnPage())
                    .as("the voter's page counts the lockout once")
                    .isEqualTo(1);

            VoterJourney fromB = arriveOnCodePage(new VoterJourney(server, GuessingWindows.loopback(2)), voter.typed());
            assertThat(fromB.page().message())
                    .as("a code is sent to the voter from network B")
                    .isNull();
            fromB.typeCode(server.mailbox().awaitCode(voter.email(), 4));
            assertThat(fromB.isOn(PASSPHRASE_FORM)).as(fromB.page().text()).isTrue();
            fromB.choosePassphrase("Un autre réseau, une autre chance");
            assertThat(fromB.isInPersonalSpace()).as(fromB.page().text()).isTrue();
        }

        @Test
        void locksAnIdentifierThatMatchesNobodyWithTheVeryPageOfAVoter() {
            GuessingWindows.awaitRoomInQuarter(Duration.ofMinutes(3));
            Voter voter = server.voters().byEmail();
            VoterJourney known = arriveOnCodePage(new VoterJourney(server, GuessingWindows.loopback(3)), voter.typed());
            List<Page> knownPages =
                    spendTheNetworksQuarter(known, sent -> server.mailbox().awaitCode(voter.email(), sent));

            String nobody = VoterIdentifier.generate(RANDOM).display();
            VoterJourney unknown = arriveOnCodePage(new VoterJourney(server, GuessingWindows.loopback(3)), nobody);
            List<Page> unknownPages = spendTheNetworksQuarter(unknown, sent -> Codes.random());

            assertThat(unknownPages.get(0).message())
                    .isEqualTo(knownPages.get(0).message())
                    .isEqualTo(GuessingWindows.lockedOutUntil(GuessingWindows.quarterEnd(Instant.now())));
            assertThat(unknownPages.get(0).status()).isEqualTo(knownPages.get(0).status());
            assertThat(unknownPages.get(0).normalisedHtml())
                    .isEqualTo(knownPages.get(0).normalisedHtml());
        }

        /**
         * Ten wrong codes from this journey's network (two codes, each killed by five), then a third code
         * typed right, twice: returns the two pages of a locked identifier. {@code sentCode} reads the
         * n-th code sent (any code for an identifier that matches nobody).
         */
        private List<Page> spendTheNetworksQuarter(VoterJourney journey, IntFunction<String> sentCode) {
            for (int code = 1; code <= 2; code++) {
                String sent = sentCode.apply(code);
                for (int entry = 1; entry <= 5; entry++) {
                    journey.typeCode(Codes.wrong(sent));
                    assertThat(journey.page().fieldError("code"))
                            .as("code %d, entry %d", code, entry)
                            .isEqualTo(Messages.fr(entry < 5 ? "isoloirCodeInvalid" : "isoloirCodeTooManyAttempts"));
                }
                journey.askForANewCode();
                assertThat(journey.page().message()).isEqualTo(Messages.fr("isoloirCodeResent"));
            }
            String third = sentCode.apply(3);
            List<Page> pages = new ArrayList<>();
            for (int entry = 1; entry <= 2; entry++) {
                journey.typeCode(third);
                assertThat(journey.isOn(CODE_FORM)).as(journey.page().text()).isTrue();
                pages.add(journey.page());
            }
            return pages;
        }
    }

    private int reasons(Voter voter, String reason) {
        return (int) StoredEvents.of(server).ofUser(voter.userId()).stream()
                .filter(e -> reason.equals(e.detail("reason")))
                .count();
    }

    static VoterJourney arriveOnCodePage(VoterJourney journey, String typed) {
        journey.openVotingSite().typeIdentifier(typed);
        assertThat(journey.isOn(CODE_FORM)).as(journey.page().text()).isTrue();
        return journey;
    }

    private static String wrongPostalCode(Voter voter) {
        String wrong;
        do {
            wrong = PostalCode.generate(RANDOM).display();
        } while (PostalCode.parse(wrong)
                .code()
                .orElseThrow()
                .equals(PostalCode.parse(voter.postalCode()).code().orElseThrow()));
        return wrong;
    }
}
