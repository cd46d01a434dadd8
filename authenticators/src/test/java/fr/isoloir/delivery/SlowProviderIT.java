package fr.isoloir.delivery;

import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.TestRealm;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A slow provider must not starve the sending of codes: messages wait on the network, so a node sends
 * many at once (DeliveryThreads sizes Keycloak's pool, which would otherwise send 4 at a time).
 */
@ExtendWith(IsoloirServer.Extension.class)
class SlowProviderIT {

    /** More than Keycloak's default of 4 sending threads, fewer than ours. */
    static final int VOTERS = 12;

    private final IsoloirServer server;

    SlowProviderIT(IsoloirServer server) {
        this.server = server;
    }

    @Test
    void theServerSaysAtStartHowManyMessagesItSendsAtOnceAndHowToChangeIt() {
        assertThat(server.serverOutput())
                .contains("messages are sent by up to " + DeliveryThreads.DEFAULT_THREADS + " threads at a time")
                .contains("--spi-executors--default--isoloir-delivery--min=N");
    }

    @Test
    void codesForManyVotersAreAllInFlightAtOnceWhileTheSmtpServerHoldsEveryConnection() throws Exception {
        try (MisbehavingServer smtp = MisbehavingServer.start(MisbehavingServer.Behaviour.STALL);
                TestRealm slowSmtp = TestRealm.of(server)
                        .withRealmSettings(Map.of(
                                "smtpServer",
                                Map.of(
                                        "host",
                                        "127.0.0.1",
                                        "port",
                                        Integer.toString(smtp.port()),
                                        "from",
                                        "elections@isoloir.test",
                                        // Longer than the wait below: a held connection keeps its sending thread all
                                        // along.
                                        "timeout",
                                        "30000",
                                        "connectionTimeout",
                                        "30000",
                                        "writeTimeout",
                                        "30000")))) {
            for (int i = 0; i < VOTERS; i++) {
                Voter voter = server.voters().byEmail();
                VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
                ProviderOutageIT.assertStillOnTheCodePage(journey.page());
            }
            Instant deadline = Instant.now().plusSeconds(20);
            while (smtp.accepted() < VOTERS && Instant.now().isBefore(deadline)) {
                ProviderOutageIT.pause(Duration.ofMillis(200)); // bounded polling for the background sends
            }
            System.out.printf(
                    "SMTP server holding every connection: %d of %d sends in flight at once%n",
                    smtp.accepted(), VOTERS);
            assertThat(smtp.accepted())
                    .as("sends in flight at once while each one waits for the server")
                    .isEqualTo(VOTERS);
        }
    }
}
