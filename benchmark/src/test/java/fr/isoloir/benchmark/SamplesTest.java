package fr.isoloir.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SamplesTest {

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1; // 1..100
        }
        assertThat(Samples.percentile(sorted, 50)).isEqualTo(50);
        assertThat(Samples.percentile(sorted, 95)).isEqualTo(95);
        assertThat(Samples.percentile(sorted, 99)).isEqualTo(99);
        assertThat(Samples.percentile(sorted, 100)).isEqualTo(100);
        assertThat(Samples.percentile(sorted, 0.5)).isEqualTo(1);
    }

    @Test
    void fewSamplesGiveTheHighestForHighPercentiles() {
        long[] sorted = {10, 20, 30};
        assertThat(Samples.percentile(sorted, 50)).isEqualTo(20);
        assertThat(Samples.percentile(sorted, 99)).isEqualTo(30);
        assertThat(Samples.percentile(new long[] {7}, 1)).isEqualTo(7);
    }

    @Test
    void noSampleIsNotANumberAndABadPercentileIsRefused() {
        assertThat(Samples.percentile(new long[0], 50)).isNaN();
        assertThatThrownBy(() -> Samples.percentile(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Samples.percentile(new long[] {1}, 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void samplesAreSortedPerStepAndMerged() {
        Samples a = new Samples();
        for (int i = 200; i > 0; i--) {
            a.add("code", i);
        }
        a.add("token", 5);
        Samples b = new Samples();
        b.add("token", 1);
        b.addAll(a);
        var snapshot = b.snapshot();
        assertThat(snapshot.keySet()).containsExactly("token", "code");
        assertThat(snapshot.get("token")).containsExactly(1, 5);
        assertThat(snapshot.get("code")).hasSize(200).startsWith(1, 2, 3).endsWith(200);
    }
}
