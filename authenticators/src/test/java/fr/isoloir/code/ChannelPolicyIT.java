package fr.isoloir.code;

import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.TestRealm;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.function.Function;

import static fr.isoloir.testsupport.VoterJourney.PASSPHRASE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which channel carries the code (SEC-A1): by default the one that did not carry the identifier when the
 * voter has both an email address and a mobile number, else the voter's only one; the voter's own channel
 * when the realm turns {@code separateChannels} off.
 */
@ExtendWith(IsoloirServer.Extension.class)
class ChannelPolicyIT {

    private final IsoloirServer server;

    ChannelPolicyIT(IsoloirServer server) {
        this.server = server;
    }

    /** The voter's login, typing the code read where {@code codeSent} looks: it must reach the passphrase page. */
    private void logsInWithTheCodeSentTo(Voter voter, Function<Voter, String> codeSent) {
        VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());

        journey.typeCode(codeSent.apply(voter));

        assertThat(journey.isOn(PASSPHRASE_FORM)).as(journey.page().text()).isTrue();
    }

    private String texted(Voter voter) {
        return server.twilio().awaitCode(voter.phone(), 1);
    }

    private String emailed(Voter voter) {
        return server.mailbox().awaitCode(voter.email(), 1);
    }

    @Nested
    class ByDefault {

        @Test
        void theCodeGoesByTextMessageToAnEmailVoterWithAMobile() {
            Voter voter = server.voters().byEmailWithMobile();
            logsInWithTheCodeSentTo(voter, ChannelPolicyIT.this::texted);
            assertThat(server.mailbox().messagesTo(voter.email())).isEmpty();
        }

        @Test
        void theCodeGoesByEmailToAnSmsVoterWithAnEmailAddress() {
            Voter voter = server.voters().bySmsWithEmail();
            logsInWithTheCodeSentTo(voter, ChannelPolicyIT.this::emailed);
            assertThat(server.twilio().textsTo(voter.phone())).isEmpty();
        }

        @Test
        void aVoterWithOnlyAnEmailAddressGetsTheCodeThere() {
            logsInWithTheCodeSentTo(server.voters().byEmail(), ChannelPolicyIT.this::emailed);
        }

        @Test
        void aVoterWithOnlyAMobileGetsTheCodeThere() {
            logsInWithTheCodeSentTo(server.voters().bySms(), ChannelPolicyIT.this::texted);
        }
    }

    @Nested
    class WithSeparateChannelsOff {

        @Test
        void theCodeGoesOnTheChannelThatCarriedTheIdentifier() {
            try (TestRealm realm = TestRealm.of(server).withCodeConfig(Map.of("separateChannels", "false"))) {
                Voter voter = server.voters().byEmailWithMobile();
                logsInWithTheCodeSentTo(voter, ChannelPolicyIT.this::emailed);
                assertThat(server.twilio().textsTo(voter.phone())).isEmpty();
            }
        }
    }
}
