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
    void theCaptchaQuestionIsAnsweredFromItsWordsInFrench() {
        assertThat(Bulk.captchaAnswer("Question pour les lecteurs d'écran : écrivez en chiffres le résultat de sept plus deux."))
                .isEqualTo("9");
        assertThat(Bulk.captchaAnswer("… de un plus un")).isEqualTo("2");
        assertThatThrownBy(() -> Bulk.captchaAnswer("what is seven plus two")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bulk.captchaAnswer("de dix plus deux")).isInstanceOf(IllegalArgumentException.class);
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
