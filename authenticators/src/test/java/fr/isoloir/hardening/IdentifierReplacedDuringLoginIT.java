package fr.isoloir.hardening;

import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Mailbox;
import fr.isoloir.testsupport.Messages;
import fr.isoloir.testsupport.StoredEvents;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static fr.isoloir.testsupport.VoterJourney.IDENTIFIER_FORM;
import static fr.isoloir.testsupport.VoterJourney.PASSPHRASE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A login that typed an identifier which was replaced meanwhile (manager's resend, SEC-F3, or the voter's
 * first use of the pending identifier "Identifiant oublié" sent; the request alone replaces nothing) stops at the passphrase step even with the right passphrase: the old identifier is
 * dead for a login already past the code step too. The voter is sent back to the identifier page with
 * the reason, and the new identifier works.
 */
@ExtendWith(IsoloirServer.Extension.class)
class IdentifierReplacedDuringLoginIT {

    static final String PASSPHRASE = "Le facteur est passé bien trop tôt";
    private static final Pattern IDENTIFIER = Pattern.compile("\\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\\b");

    private final IsoloirServer server;

    IdentifierReplacedDuringLoginIT(IsoloirServer server) {
        this.server = server;
    }

    @Test
    void aLoginPastTheCodeStepCannotGiveThePassphraseOnceTheIdentifierIsReplaced() {
        Voter voter = server.voters().byEmail();
        VoterJourney first = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
        first.typeCode(server.mailbox().awaitCode(voter.email(), 1)).choosePassphrase(PASSPHRASE);
        assertThat(first.isInPersonalSpace()).isTrue();

        VoterJourney pending = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
        pending.typeCode(server.mailbox().awaitCode(voter.email(), 2));
        assertThat(pending.isOn(PASSPHRASE_FORM)).as(pending.page().text()).isTrue();

        String fresh = resend(voter, 3);
        pending.givePassphrase(PASSPHRASE);

        assertThat(pending.isInPersonalSpace())
                .as("the old identifier's login must not finish")
                .isFalse();
        assertThat(pending.isOn(IDENTIFIER_FORM)).as(pending.page().text()).isTrue();
        assertThat(Messages.asShown(pending.page().message())).isEqualTo(Messages.fr("isoloirIdentifierReplaced"));
        assertThat(StoredEvents.of(server).ofUser(voter.userId())).anySatisfy(e -> {
            assertThat(e.error()).isEqualTo("isoloir_identifier_replaced");
            assertThat(e.detail("reason")).isEqualTo("identifier_replaced");
        });

        pending.typeIdentifier(fresh)
                .typeCode(server.mailbox().awaitCode(voter.email(), 4))
                .givePassphrase(PASSPHRASE);
        assertThat(pending.isInPersonalSpace()).as(pending.page().text()).isTrue();
    }

    @Test
    void aFirstLoginCannotChooseThePassphraseOnceTheIdentifierIsReplacedAndNothingIsStored() {
        Voter voter = server.voters().byEmail();
        VoterJourney pending = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
        pending.typeCode(server.mailbox().awaitCode(voter.email(), 1));
        assertThat(pending.isOn(PASSPHRASE_FORM)).as(pending.page().text()).isTrue();

        resend(voter, 2);
        pending.choosePassphrase(PASSPHRASE);

        assertThat(pending.isOn(IDENTIFIER_FORM)).as(pending.page().text()).isTrue();
        assertThat(server.admin()
                        .get("/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId() + "/credentials")
                        .expect(200)
                        .json())
                .as("no passphrase stored")
                .isEmpty();
    }

    /** The election manager sends a new identifier to the voter's address; returns it as the voter reads it. */
    private String resend(Voter voter, int messageCount) {
        server.admin()
                .post(
                        server.voters().voterPath(voter) + "/new-identifier",
                        Map.of("email", voter.email(), "reason", "Lettre perdue (test)"))
                .expect(200);
        Matcher identifier =
                IDENTIFIER.matcher(Mailbox.plainText(server.mailbox().awaitMessage(voter.email(), messageCount)));
        assertThat(identifier.find()).isTrue();
        return identifier.group();
    }
}
