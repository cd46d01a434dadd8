package fr.isoloir.testsupport;

import java.util.List;

/** Medians of timing samples: timing comparisons report them and assert only generous bounds. */
public final class Medians {

    private Medians() {
    }

    public static double of(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
