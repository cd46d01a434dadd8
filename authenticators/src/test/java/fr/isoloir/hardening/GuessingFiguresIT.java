package fr.isoloir.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.recovery.LostIdentifierSettings;
import fr.isoloir.testsupport.AttackDetection;
import fr.isoloir.testsupport.Codes;
import fr.isoloir.testsupport.GuessingWindows;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Messages;
import fr.isoloir.testsupport.StoredEvents;
import fr.isoloir.testsupport.StoredEvents.Event;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static fr.isoloir.testsupport.VoterJourney.PASSPHRASE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures of docs/security.md, measured on the real server and printed: how many guesses of a
 * code, a passphrase, an identifier or a contact an attacker gets before being stopped, for how long,
 * and which events record it; that no guessing locks a voter out for good; and that the answers for
 * existing and unknown identifiers or contacts are byte for byte the same once per-request tokens are
 * masked. Keycloak's own brute-force detection is off in the realm: the voter login's guessing budget
 * (per identifier and client network, fixed quarter hours and days) is what stops guessing here.
 */
@ExtendWith(IsoloirServer.Extension.class)
class GuessingFiguresIT {

    static final String PASSPHRASE = "Trois essais et puis un long silence";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IsoloirServer server;
    private final AttackDetection attackDetection;

    GuessingFiguresIT(IsoloirServer server) {
        this.server = server;
        this.attackDetection = AttackDetection.of(server);
    }

    @Test
    void codeGuessingDiesAfterFiveEntriesPerCodeAndLocksTheIdentifierOnTheNetworkUntilTheQuarterEndsNeverForGood() {
        GuessingWindows.awaitRoomInQuarter(Duration.ofMinutes(3));
        Voter voter = server.voters().byEmail();
        VoterJourney first = arriveOnCodePage(voter);
        String code = server.mailbox().awaitCode(voter.email(), 1);
        int entriesUntilDead = 0;
        do {
            first.typeCode(Codes.wrong(code));
            entriesUntilDead++;
        } while (!Messages.fr("isoloirCodeTooManyAttempts").equals(first.page().fieldError("code"))
                && entriesUntilDead < 20);
        first.typeCode(code);
        assertThat(first.isOn(PASSPHRASE_FORM))
                .as("the right code after the code died")
                .isFalse();

        int failures = attackDetection.awaitFailures(voter, entriesUntilDead).numFailures();
        int logins = 1;
        VoterJourney next = null;
        while (!isLockedOut(next) && logins < 10) {
            next = arriveOnCodePage(voter);
            logins++;
            String nextCode = server.mailbox().awaitCode(voter.email(), logins);
            for (int i = 0; i < entriesUntilDead && !isLockedOut(next); i++) {
                next.typeCode(Codes.wrong(nextCode));
            }
        }
        failures = attackDetection.of(voter).numFailures();
        Instant until = GuessingWindows.quarterEnd(Instant.now());
        long wait = Duration.between(Instant.now(), until).toSeconds();
        System.out.printf(
                "SEC-B5 code guessing: a code dies after %d wrong entries (the right one is refused after);"
                        + " SEC-B6: the identifier is locked on this network after %d wrong entries over %d logins, for"
                        + " %d s more (until the quarter hour ends: %s), account still enabled %s; per identifier and"
                        + " network at most 10 a quarter hour and 30 a day, per identifier 100 a day in all networks:"
                        + " P(success) <= %.1e a day; lockouts on the voter's page %d; events %s%n",
                entriesUntilDead,
                failures,
                logins,
                wait,
                next.page().message(),
                attackDetection.isEnabled(voter),
                100 / 1e6,
                attackDetection.of(voter).lockoutsOnPage(),
                eventReasons(voter));
        assertThat(entriesUntilDead).isEqualTo(5);
        assertThat(failures).isEqualTo(GuessingWindows.PER_NETWORK_PER_QUARTER);
        assertThat(next.page().message()).isEqualTo(GuessingWindows.lockedOutUntil(until));
        assertThat(attackDetection.isEnabled(voter))
                .as("never a permanent lockout")
                .isTrue();
        assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(15).toSeconds());
    }

    @Test
    void passphraseGuessingLocksTheIdentifierOnTheNetworkAndTheRightPassphraseThenGetsTheLockoutPage() {
        Voter voter = server.voters().byEmail();
        VoterJourney first = arriveOnCodePage(voter);
        first.typeCode(server.mailbox().awaitCode(voter.email(), 1)).choosePassphrase(PASSPHRASE);
        assertThat(first.isInPersonalSpace()).isTrue();

        GuessingWindows.awaitRoomInQuarter(Duration.ofMinutes(3));
        VoterJourney guesser = arriveOnCodePage(voter);
        guesser.typeCode(server.mailbox().awaitCode(voter.email(), 2));
        assertThat(guesser.isOn(PASSPHRASE_FORM)).isTrue();
        int guesses = 0;
        while (!isLockedOut(guesser) && guesses < 50) {
            guesser.givePassphrase("Une phrase au hasard numéro " + RANDOM.nextInt(1_000_000));
            guesses++;
        }
        String lockedPage = guesser.page().normalisedHtml();
        guesser.givePassphrase(PASSPHRASE);
        boolean rightGetsTheLockoutPage = guesser.page().normalisedHtml().equals(lockedPage);
        System.out.printf(
                "Passphrase guessing (SEC-D, SEC-B6): the identifier is locked on this network after %d wrong"
                        + " passphrases (%d compared), told \"%s\"; the right passphrase while locked gets the same page"
                        + " byte for byte: %s; account still enabled %s; events %s%n",
                guesses - 1,
                attackDetection.of(voter).numFailures(),
                guesser.page().message(),
                rightGetsTheLockoutPage,
                attackDetection.isEnabled(voter),
                eventReasons(voter));
        assertThat(guesses - 1).isEqualTo(GuessingWindows.PER_NETWORK_PER_QUARTER);
        assertThat(guesser.isInPersonalSpace()).isFalse();
        assertThat(rightGetsTheLockoutPage).isTrue();
        assertThat(attackDetection.isEnabled(voter)).isTrue();
    }

    /** Whether the journey's page is the lockout page (whatever its end). */
    private static boolean isLockedOut(VoterJourney journey) {
        return journey != null
                && GuessingWindows.isLockoutMessage(journey.page().message());
    }

    @Test
    void identifierSprayingFromOneAddressGetsTheCodePageOfARealVoterByteForByte() {
        Voter voter = server.voters().byEmail();
        String real = arriveOnCodePage(voter).page().normalisedHtml();
        int sprays = 40;
        int identical = 0;
        int malformed = 0;
        for (int i = 0; i < sprays; i++) {
            VoterJourney journey = new VoterJourney(server)
                    .openVotingSite()
                    .typeIdentifier(VoterIdentifier.generate(RANDOM).display());
            if (journey.page().normalisedHtml().equals(real)) {
                identical++;
            }
            // A random 12 symbols: the check symbol catches 30 typos in 31 before any lookup.
            String random = randomSymbols(12);
            VoterJourney typo = new VoterJourney(server).openVotingSite().typeIdentifier(random);
            if (!typo.isOn(CODE_FORM)) {
                malformed++;
            }
        }
        long unknownEvents = StoredEvents.of(server).newest(1000).stream()
                .filter(e -> "unknown_identifier".equals(e.detail("reason")))
                .count();
        System.out.printf(
                "SEC-G1 identifier spraying from one address: %d well-formed unknown identifiers got the code page"
                        + " of a real voter byte for byte (tokens masked) %d times; %d of %d random 12-symbol strings"
                        + " stopped by the check symbol; %d unknown_identifier events stored (newest 1000);"
                        + " no per-address limit in the extension: the bound is the 2^54 identifier space (see docs/security.md)%n",
                sprays, identical, malformed, sprays, unknownEvents);
        assertThat(identical).isEqualTo(sprays);
        assertThat(unknownEvents).isGreaterThanOrEqualTo(sprays);
    }

    @Test
    void contactSprayingOnTheLostIdentifierFormIsBoundedPerContactAndAnswersAlikeByteForByte() {
        LostIdentifierSettings.apply(server, Map.of());
        Voter voter = server.voters().byEmail();
        String known = lost(voter.email());
        String unknown = lost("personne-" + UUID.randomUUID() + "@isoloir.test");
        String unknownPhone = lost("06 19 "
                + String.format("%02d %02d %02d", RANDOM.nextInt(100), RANDOM.nextInt(100), RANDOM.nextInt(100)));
        for (int i = 2; i <= 6; i++) {
            assertThat(lost(voter.email())).isEqualTo(known);
        }
        server.mailbox().awaitMessage(voter.email(), 3);
        pause();
        int sent = server.mailbox().messagesTo(voter.email()).size();
        Map<String, Integer> reasons = new TreeMap<>();
        StoredEvents.of(server).newest(200).stream()
                .filter(e -> "isoloir_nothing_sent".equals(e.error()))
                .forEach(e -> reasons.merge(e.detail("reason"), 1, Integer::sum));
        System.out.printf(
                "SEC-E1/E4 contact spraying: the same contact 6 times in a row -> %d messages sent"
                        + " (perContactPerHour 3); confirmation for a known and an unknown email and an unknown mobile"
                        + " identical byte for byte (tokens masked): %s; refusal events by reason (newest 200): %s%n",
                sent, known.equals(unknown) && known.equals(unknownPhone), reasons);
        assertThat(unknown).isEqualTo(known);
        assertThat(unknownPhone).isEqualTo(known);
        assertThat(sent).isEqualTo(3);
        assertThat(reasons).containsKey("contact_hourly_limit").containsKey("no_matching_voter");
    }

    private String lost(String contact) {
        VoterJourney journey = new VoterJourney(server)
                .openVotingSite()
                .followLostIdentifierLink()
                .askForNewIdentifier(contact);
        assertThat(journey.isOnLostConfirmation()).as(journey.page().text()).isTrue();
        return journey.page().status() + "\n" + journey.page().normalisedHtml();
    }

    private VoterJourney arriveOnCodePage(Voter voter) {
        VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
        assertThat(journey.isOn(CODE_FORM)).as(journey.page().text()).isTrue();
        return journey;
    }

    private JsonNode realmSettings() {
        return server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM)
                .expect(200)
                .json();
    }

    private Map<String, Integer> eventReasons(Voter voter) {
        Map<String, Integer> reasons = new TreeMap<>();
        List<Event> events = StoredEvents.of(server).ofUser(voter.userId());
        events.forEach(e -> reasons.merge(
                e.type()
                        + (e.error() != null ? "/" + e.error() : "")
                        + (e.detail("reason") != null ? "/" + e.detail("reason") : ""),
                1,
                Integer::sum));
        return reasons;
    }

    private static String randomSymbols(int count) {
        String alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
        StringBuilder symbols = new StringBuilder();
        for (int i = 0; i < count; i++) {
            symbols.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return symbols.toString();
    }

    private static void pause() {
        try {
            Thread.sleep(1500); // messages go out in the background: give a fourth one time to arrive, if any
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
