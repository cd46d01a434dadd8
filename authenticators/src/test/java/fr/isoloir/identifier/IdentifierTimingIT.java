package fr.isoloir.identifier;

import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Medians;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SEC-G1: the identifier step answers a known and an unknown identifier in the same time (the code is
 * sent in the background, after the request). Many interleaved samples; the median difference is
 * printed, and only a generous bound is asserted (the 50 ms of SEC-E2), so that machine load cannot
 * make it flaky.
 */
@ExtendWith(IsoloirServer.Extension.class)
class IdentifierTimingIT {

    static final int SAMPLES = 60;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IsoloirServer server;

    IdentifierTimingIT(IsoloirServer server) {
        this.server = server;
    }

    @Nested
    class KnownAndUnknownIdentifiers {

        @Test
        void getTheCodePageInTheSameMedianTime() {
            List<Voter> voters = new ArrayList<>();
            for (int i = 0; i < SAMPLES + Medians.WARM_UP; i++) {
                voters.add(server.voters().byEmail());
            }
            Medians.assertSimilar(
                    "SEC-G1 identifier step",
                    SAMPLES,
                    50,
                    i -> () -> timeIdentifier(voters.get(i).typed()),
                    i -> () -> timeIdentifier(VoterIdentifier.generate(RANDOM).display()));
        }
    }

    private long timeIdentifier(String typed) {
        VoterJourney journey = new VoterJourney(server).openVotingSite();
        long start = System.nanoTime();
        journey.typeIdentifier(typed);
        long elapsed = System.nanoTime() - start;
        assertThat(journey.isOn(CODE_FORM)).as(journey.page().text()).isTrue();
        return elapsed;
    }
}
