package fr.isoloir.code;

import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static fr.isoloir.testsupport.VoterJourney.PASSPHRASE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/** Each channel end to end, as the voting site sees it: identifier, code, passphrase, ID token. */
@ExtendWith(IsoloirServer.Extension.class)
class ConnectionCodeEndToEndIT {

    static final String PASSPHRASE = "Trois chats gris dorment au soleil";

    private final IsoloirServer server;

    ConnectionCodeEndToEndIT(IsoloirServer server) {
        this.server = server;
    }

    @Nested
    class AnEmailVoter {

        @Test
        void logsInWithTheCodeReadFromTheEmailAndLandsOnTheVotingSite() {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
            assertThat(journey.isOn(CODE_FORM)).as(journey.page().text()).isTrue();

            journey.typeCode(server.mailbox().awaitCode(voter.email(), 1));
            assertThat(journey.isOn(PASSPHRASE_FORM)).as(journey.page().text()).isTrue();

            journey.choosePassphrase(PASSPHRASE);
            assertThat(journey.isInPersonalSpace())
                    .as(journey.page().uri() + " " + journey.page().text())
                    .isTrue();
            assertThat(journey.claim("iss")).isEqualTo(server.realmUri().toString());
            assertThat(journey.claim("aud")).contains("voting-site");
            assertThat(journey.claim("sub")).isEqualTo(voter.userId());
            assertThat(journey.claimNames())
                    .as("the login identifier never leaves Keycloak")
                    .doesNotContain("preferred_username");
        }
    }

    @Nested
    class AnSmsVoter {

        @Test
        void logsInWithTheCodeReadFromTheTextMessage() {
            Voter voter = server.voters().bySms();
            VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());

            journey.typeCode(server.twilio().awaitCode(voter.phone(), 1)).choosePassphrase(PASSPHRASE);

            assertThat(journey.isInPersonalSpace()).as(journey.page().text()).isTrue();
            assertThat(journey.claim("sub")).isEqualTo(voter.userId());
        }
    }

    @Nested
    class APostalVoter {

        @Test
        void logsInWithTheCodePrintedOnTheLetter() {
            Voter voter = server.voters().byPost();
            VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
            assertThat(journey.page().text()).contains("courrier");

            journey.typeCode(voter.postalCode()).choosePassphrase(PASSPHRASE);

            assertThat(journey.isInPersonalSpace()).as(journey.page().text()).isTrue();
            assertThat(journey.claim("sub")).isEqualTo(voter.userId());
        }
    }
}
