package fr.isoloir.code;

import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.TestRealm;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static fr.isoloir.testsupport.VoterJourney.PASSPHRASE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/** Which channel carries the code: the voter's own, or the other one when the realm asks (SEC-A1). */
@ExtendWith(IsoloirServer.Extension.class)
class ChannelPolicyIT {

    private final IsoloirServer server;

    ChannelPolicyIT(IsoloirServer server) {
        this.server = server;
    }

    @Nested
    class ByDefault {

        @Test
        void theCodeGoesOnTheChannelThatCarriedTheIdentifier() {
            Voter voter = server.voters().byEmailWithMobile();
            VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());

            journey.typeCode(server.mailbox().awaitCode(voter.email(), 1));

            assertThat(journey.isOn(PASSPHRASE_FORM)).isTrue();
            assertThat(server.twilio().textsTo(voter.phone())).isEmpty();
        }
    }

    @Nested
    class WithSeparateChannels {

        @Test
        void theCodeGoesByTextMessageToAVoterWhoseIdentifierCameByEmail() {
            try (TestRealm realm = TestRealm.of(server).withCodeConfig(Map.of("separateChannels", "true"))) {
                Voter voter = server.voters().byEmailWithMobile();
                VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());

                journey.typeCode(server.twilio().awaitCode(voter.phone(), 1));

                assertThat(journey.isOn(PASSPHRASE_FORM)).as(journey.page().text()).isTrue();
                assertThat(server.mailbox().messagesTo(voter.email())).isEmpty();
            }
        }

        @Test
        void aVoterWithOneChannelStillGetsTheCodeThere() {
            try (TestRealm realm = TestRealm.of(server).withCodeConfig(Map.of("separateChannels", "true"))) {
                Voter voter = server.voters().byEmail();
                VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());

                journey.typeCode(server.mailbox().awaitCode(voter.email(), 1));

                assertThat(journey.isOn(PASSPHRASE_FORM)).isTrue();
            }
        }
    }
}
