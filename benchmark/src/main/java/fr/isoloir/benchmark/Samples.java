package fr.isoloir.benchmark;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Durations per step, in nanoseconds; percentiles by nearest rank on the sorted samples. */
final class Samples {

    private final Map<String, long[]> byStep = new LinkedHashMap<>();
    private final Map<String, Integer> counts = new LinkedHashMap<>();

    synchronized void add(String step, long nanos) {
        long[] values = byStep.computeIfAbsent(step, s -> new long[64]);
        int count = counts.getOrDefault(step, 0);
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
            byStep.put(step, values);
        }
        values[count] = nanos;
        counts.put(step, count + 1);
    }

    synchronized void addAll(Samples other) {
        for (var entry : other.snapshot().entrySet()) {
            for (long value : entry.getValue()) {
                add(entry.getKey(), value);
            }
        }
    }

    /** Each step's samples, sorted, in the order the steps were first seen. */
    synchronized Map<String, long[]> snapshot() {
        Map<String, long[]> copy = new LinkedHashMap<>();
        byStep.forEach((step, values) -> {
            long[] sorted = Arrays.copyOf(values, counts.get(step));
            Arrays.sort(sorted);
            copy.put(step, sorted);
        });
        return copy;
    }

    /**
     * The p-th percentile (0 < p <= 100) of sorted samples by nearest rank: the smallest sample that at
     * least p % of the samples do not exceed. NaN when there is none.
     */
    static double percentile(long[] sorted, double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile " + p);
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
