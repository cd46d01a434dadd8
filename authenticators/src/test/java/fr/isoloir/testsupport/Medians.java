package fr.isoloir.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timing comparisons between two kinds of request (a known and an unknown voter, say): samples taken
 * in turn, so that load on the shared machine hits both alike; medians printed; only a generous bound
 * asserted, so that machine load cannot make a test flaky.
 */
public final class Medians {

    public static final int WARM_UP = 5;

    private Medians() {}

    /**
     * Takes {@code samples} pairs (after a short warm-up), prints the medians under {@code label}, and
     * asserts that they differ by less than {@code boundMillis}.
     *
     * @param first  the i-th timed request of the first kind, in nanoseconds
     * @param second the i-th timed request of the second kind, in nanoseconds
     */
    public static void assertSimilar(
            String label,
            int samples,
            double boundMillis,
            IntFunction<LongSupplier> first,
            IntFunction<LongSupplier> second) {
        List<Long> firsts = new ArrayList<>();
        List<Long> seconds = new ArrayList<>();
        for (int i = 0; i < samples + WARM_UP; i++) {
            long a = first.apply(i).getAsLong();
            long b = second.apply(i).getAsLong();
            if (i >= WARM_UP) {
                firsts.add(a);
                seconds.add(b);
            }
        }
        double difference = (of(firsts) - of(seconds)) / 1e6;
        System.out.printf(
                "%s: median known %.1f ms, unknown %.1f ms, difference %.1f ms over %d samples each%n",
                label, of(firsts) / 1e6, of(seconds) / 1e6, difference, samples);
        assertThat(Math.abs(difference)).as("median difference in ms").isLessThan(boundMillis);
    }

    public static double of(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
