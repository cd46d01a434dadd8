package fr.isoloir.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures as Markdown, printed as they come and kept in a file for docs/benchmarks.md. */
final class Report {

    /** Target: voter logins per second at least 0.9 times the stock ones. */
    static final double RATIO_TARGET = 0.9;
    /** Target: p99 of every step but the passphrase check under 100 ms at half the peak throughput. */
    static final double P99_TARGET_MS = 100;

    private final StringBuilder text = new StringBuilder();
    private final Path file;

    Report(Path file) {
        this.file = file;
    }

    void line(String line) {
        System.out.println(line);
        System.out.flush();
        text.append(line).append('\n');
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("cannot write " + file + ": " + e.getMessage());
        }
    }

    void lines(String... lines) {
        for (String l : lines) {
            line(l);
        }
    }

    static double ratio(double voter, double stock) {
        return stock == 0 ? Double.NaN : voter / stock;
    }

    static String number(double value, int decimals) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static String ms(long[] sorted, double percentile) {
        return number(Samples.percentile(sorted, percentile) / 1e6, 1);
    }

    /** "meets" or "MISSES", for a target printed beside a figure (never asserted). */
    static String verdict(boolean met) {
        return met ? "meets" : "MISSES";
    }

    /** Logins per second, errors and CPU of both flows at each level, and the ratio. */
    void throughput(List<Runner.Tally> voter, List<Runner.Tally> stock) {
        lines(
                "| concurrency | voter logins/s | stock logins/s | voter/stock (target ≥ 0.9) | voter errors | stock errors "
                        + "| voter CPU s/login | stock CPU s/login |",
                "|---:|---:|---:|---|---:|---:|---:|---:|");
        for (int i = 0; i < voter.size(); i++) {
            Runner.Tally v = voter.get(i);
            Runner.Tally s = stock.get(i);
            double ratio = ratio(v.perSecond(), s.perSecond());
            line("| " + v.concurrency + " | " + number(v.perSecond(), 2) + " | " + number(s.perSecond(), 2) + " | "
                    + number(ratio, 2) + " (" + verdict(ratio >= RATIO_TARGET) + ") | " + v.errors + " | " + s.errors
                    + " | " + number(v.cpuSecondsPerLogin(), 3) + " | " + number(s.cpuSecondsPerLogin(), 3) + " |");
        }
    }

    /** p50/p95/p99 of each step, per level, for one flow. */
    void latencies(String title, List<String> steps, List<Runner.Tally> tallies) {
        lines("", title, "", "| concurrency | step | n | p50 ms | p95 ms | p99 ms |", "|---:|---|---:|---:|---:|---:|");
        for (Runner.Tally tally : tallies) {
            Map<String, long[]> samples = tally.samples.snapshot();
            for (String step : steps) {
                long[] sorted = samples.getOrDefault(step, new long[0]);
                line("| " + tally.concurrency + " | " + step + " | " + sorted.length + " | " + ms(sorted, 50) + " | "
                        + ms(sorted, 95) + " | " + ms(sorted, 99) + " |");
            }
        }
    }

    /** Each step's p99 against the 100 ms target; the passphrase check and the code's delivery are exempt. */
    void p99Targets(Runner.Tally tally, List<String> steps, List<String> exempt) {
        Map<String, long[]> samples = tally.samples.snapshot();
        lines(
                "",
                "| " + tally.flow + " step | n | p50 ms | p99 ms | target p99 < 100 ms |",
                "|---|---:|---:|---:|---|");
        for (String step : steps) {
            long[] sorted = samples.getOrDefault(step, new long[0]);
            double p99 = Samples.percentile(sorted, 99) / 1e6;
            String target = exempt.contains(step) ? "(exempt)" : verdict(p99 < P99_TARGET_MS);
            line("| " + step + " | " + sorted.length + " | " + ms(sorted, 50) + " | " + number(p99, 1) + " | " + target
                    + " |");
        }
    }

    void errors(Runner.Tally tally) {
        for (String error : tally.firstErrors) {
            line("  - " + tally.flow + " error (c=" + tally.concurrency + "): " + error);
        }
    }
}
