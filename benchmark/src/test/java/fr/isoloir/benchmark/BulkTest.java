package fr.isoloir.benchmark;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BulkTest {

    @Test
    void extrapolationScalesTheMeasuredRateToTheTarget() {
        assertThat(Bulk.extrapolate(2_000, Duration.ofSeconds(40), 100_000)).isEqualTo(2_000.0);
        assertThat(Bulk.extrapolate(300, Duration.ofMillis(1500), 1_000)).isEqualTo(5.0);
        assertThat(Bulk.extrapolate(0, Duration.ofSeconds(10), 100_000)).isNaN();
    }

    @Test
    void theProofOfWorkIsReadFromThePageAndSolvedAsAScriptWould() {
        String challenge = fr.isoloir.captcha.ProofOfWorkChallenge.hash("5a1t", 4321);
        String page =
                "<form id=\"isoloir-lost-form\"><input type=\"hidden\" name=\"altcha\" id=\"isoloir-pow\" value=\"\" "
                        + "data-algorithm=\"SHA-256\"\n data-challenge=\"" + challenge
                        + "\" data-salt=\"5a1t\" data-max-number=\"10000\"></form>";
        var read = Bulk.proofOfWork(page);
        assertThat(read.challenge()).isEqualTo(challenge);
        assertThat(read.maxNumber()).isEqualTo(10_000);
        assertThat(read.solve())
                .hasValueSatisfying(solution -> assertThat(solution.number()).isEqualTo(4321));
        assertThatThrownBy(() -> Bulk.proofOfWork("<p id=\"isoloir-captcha-question\">… de sept plus deux</p>"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMeanOfNoSampleIsNotANumber() {
        assertThat(Bulk.mean(new long[0])).isNaN();
        assertThat(Bulk.mean(new long[] {1, 2, 6})).isEqualTo(3.0);
    }

    @Test
    void lookupsPickDistinctVotersWithinTheFile() {
        List<Integer> ranks = Bulk.distinct(new Random(1), 400, 500);
        assertThat(ranks).hasSize(400).allMatch(r -> r >= 0 && r < 500);
        assertThat(new HashSet<>(ranks)).hasSize(400);
        assertThat(Bulk.distinct(new Random(1), 400, 500)).isEqualTo(ranks);
        assertThatThrownBy(() -> Bulk.distinct(new Random(1), 6, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void heapFiguresAreShownInMebibytes() {
        assertThat(Bulk.mib(512L * 1024 * 1024)).isEqualTo("512 MiB");
    }
}
