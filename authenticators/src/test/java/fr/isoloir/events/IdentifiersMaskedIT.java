package fr.isoloir.events;

import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.testsupport.AttackDetection;
import fr.isoloir.testsupport.Codes;
import fr.isoloir.testsupport.GuessingWindows;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Mailbox;
import fr.isoloir.testsupport.StoredEvents;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identifiers reach the stored events and the server log only as a keyed tag: after voters are created by
 * the admin REST API, a login, a wrong identifier, a wrong code, a lockout and a lost-identifier request,
 * neither the login events, the admin events nor the log holds any of the identifiers
 * involved in any writing (grouped, upper or lower case), while the events still tell the same identifier
 * by the same tag.
 */
@ExtendWith(IsoloirServer.Extension.class)
class IdentifiersMaskedIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSPHRASE = "Un sapin vert sous la neige de décembre";
    private static final Pattern SENT_IDENTIFIER = Pattern.compile("\\b([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})\\b");
    private static final Pattern TAG = Pattern.compile("#[0-9a-f]{12}");

    private final IsoloirServer server;
    private final StoredEvents events;

    IdentifiersMaskedIT(IsoloirServer server) {
        this.server = server;
        this.events = StoredEvents.of(server);
    }

    @Test
    void noStoredEventAndNoServerLogLineHoldsAnIdentifierAfterEveryKindOfLoginAndRequest() {
        GuessingWindows.awaitRoomInQuarter(Duration.ofMinutes(3));
        List<VoterIdentifier> identifiers = new ArrayList<>();

        // A login with a wrong code, then the right one, to the personal space (Keycloak's LOGIN event).
        Voter voter = server.voters().byEmail();
        identifiers.add(voter.identifier());
        VoterJourney login = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
        String code = server.mailbox().awaitCode(voter.email(), 1);
        login.typeCode(Codes.wrong(code));
        AttackDetection.of(server).awaitFailures(voter, 1);
        login.typeCode(code).choosePassphrase(PASSPHRASE);
        assertThat(login.isInPersonalSpace()).as(login.page().text()).isTrue();

        // An identifier that matches nobody, and a code typed for it.
        VoterIdentifier nobody = VoterIdentifier.generate(RANDOM);
        identifiers.add(nobody);
        VoterJourney unknown = new VoterJourney(server).openVotingSite().typeIdentifier(nobody.display());
        assertThat(unknown.isOn(CODE_FORM)).isTrue();
        unknown.typeCode(Codes.random());

        // A lockout: wrong codes over restarted logins until the identifier is locked on this network.
        Voter locked = server.voters().byEmail();
        identifiers.add(locked.identifier());
        VoterJourney guesser = null;
        for (int logins = 1; logins <= 4 && !isLockedOut(guesser); logins++) {
            guesser = new VoterJourney(server).openVotingSite().typeIdentifier(locked.typed());
            String sent = server.mailbox().awaitCode(locked.email(), logins);
            for (int i = 0; i < 5 && !isLockedOut(guesser); i++) {
                guesser.typeCode(Codes.wrong(sent));
            }
        }
        assertThat(isLockedOut(guesser)).as("locked out").isTrue();

        // A lost-identifier request, and the first login with the identifier it sent.
        Voter forgetful = server.voters().byEmail();
        identifiers.add(forgetful.identifier());
        VoterJourney lost = new VoterJourney(server)
                .openVotingSite()
                .followLostIdentifierLink()
                .askForNewIdentifier(forgetful.email());
        assertThat(lost.isOnLostConfirmation()).as(lost.page().text()).isTrue();
        Matcher sentIdentifier =
                SENT_IDENTIFIER.matcher(Mailbox.plainText(server.mailbox().awaitMessage(forgetful.email(), 1)));
        assertThat(sentIdentifier.find()).isTrue();
        VoterIdentifier pending =
                VoterIdentifier.parse(sentIdentifier.group(1)).identifier().orElseThrow();
        identifiers.add(pending);
        new VoterJourney(server).openVotingSite().typeIdentifier(pending.display());
        server.mailbox().awaitCode(forgetful.email(), 2);

        List<String> stored = new ArrayList<>(
                events.newest(1000).stream().map(e -> e.json().toString()).toList());
        // The admin events too: the voters above were created through the admin REST API, user representation included.
        server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM + "/admin-events?resourceTypes=USER&max=1000")
                .expect(200)
                .json()
                .forEach(adminEvent -> stored.add(adminEvent.toString()));
        String log = server.serverOutput();
        for (VoterIdentifier identifier : identifiers) {
            Pattern anyWriting = Pattern.compile(
                    Pattern.quote(identifier.username()) + "|" + Pattern.quote(identifier.display()),
                    Pattern.CASE_INSENSITIVE);
            assertThat(stored)
                    .as("stored events holding %s", identifier.display())
                    .noneMatch(e -> anyWriting.matcher(e).find());
            assertThat(anyWriting.matcher(log).find())
                    .as("%s in the server log", identifier.display())
                    .isFalse();
        }

        // The trail still ties events to one identifier: every event of the voter's login has the same tag.
        List<String> tags = events.ofUser(voter.userId()).stream()
                .map(e -> e.detail("username"))
                .filter(username -> username != null)
                .distinct()
                .toList();
        assertThat(tags)
                .as("tags in the voter's events")
                .singleElement()
                .satisfies(tag -> assertThat(tag).matches(TAG));
        assertThat(events.ofUser(voter.userId()))
                .as("Keycloak's own LOGIN event")
                .anySatisfy(e -> assertThat(e.type()).isEqualTo("LOGIN"));
    }

    private static boolean isLockedOut(VoterJourney journey) {
        return journey != null
                && GuessingWindows.isLockoutMessage(journey.page().message());
    }
}
