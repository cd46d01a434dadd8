package fr.isoloir.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Keycloak JVM's heap, read with {@code jcmd <pid> GC.heap_info} (the JDK's own tool, no option on
 * the server): used and committed bytes of the heap's generations, metaspace left out. A {@link Sampler}
 * polls it on its own thread and keeps the highest values seen.
 */
final class Heap {

    /** Used, committed and reserved (the maximum heap, when the collector prints it) bytes; 0 when unknown. */
    record Usage(long used, long committed, long reserved) {}

    private static final Pattern G1 =
            Pattern.compile("heap\\s+total reserved (\\d+)K, committed (\\d+)K, used (\\d+)K");
    /** Other collectors print one line per generation: "PSYoungGen total 113152K, used 31314K". */
    private static final Pattern GENERATION =
            Pattern.compile("^\\s*(\\S[^\\n]*?)\\s+total (\\d+)K, used (\\d+)K", Pattern.MULTILINE);

    private Heap() {}

    /** The heap in this output of GC.heap_info; empty when it names no heap. */
    static java.util.Optional<Usage> parse(String heapInfo) {
        Matcher g1 = G1.matcher(heapInfo);
        if (g1.find()) {
            return java.util.Optional.of(new Usage(
                    Long.parseLong(g1.group(3)) * 1024,
                    Long.parseLong(g1.group(2)) * 1024,
                    Long.parseLong(g1.group(1)) * 1024));
        }
        long used = 0;
        long committed = 0;
        boolean found = false;
        Matcher generation = GENERATION.matcher(heapInfo);
        while (generation.find()) {
            String name = generation.group(1).toLowerCase(java.util.Locale.ROOT);
            if (name.contains("metaspace") || name.contains("class space")) {
                continue;
            }
            found = true;
            committed += Long.parseLong(generation.group(2)) * 1024;
            used += Long.parseLong(generation.group(3)) * 1024;
        }
        return found ? java.util.Optional.of(new Usage(used, committed, 0)) : java.util.Optional.empty();
    }

    /** Runs jcmd once; empty when it fails (the JVM gone, jcmd missing). */
    static java.util.Optional<Usage> read(ProcessHandle jvm) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(jvm.pid()), "GC.heap_info")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return java.util.Optional.empty();
            }
            return parse(output);
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    /** Polls the heap every {@code interval} until closed; keeps the peak of used and of committed. */
    static final class Sampler implements AutoCloseable {
        private final AtomicLong peakUsed = new AtomicLong();
        private final AtomicLong peakCommitted = new AtomicLong();
        private final AtomicLong reserved = new AtomicLong();
        private final AtomicLong samples = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        Sampler(ProcessHandle jvm, java.time.Duration interval) {
            thread = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
                while (running) {
                    read(jvm).ifPresent(this::add);
                    try {
                        Thread.sleep(interval.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void add(Usage usage) {
            peakUsed.accumulateAndGet(usage.used(), Math::max);
            peakCommitted.accumulateAndGet(usage.committed(), Math::max);
            reserved.set(usage.reserved());
            samples.incrementAndGet();
        }

        OptionalLong peakUsed() {
            return samples.get() == 0 ? OptionalLong.empty() : OptionalLong.of(peakUsed.get());
        }

        long peakCommitted() {
            return peakCommitted.get();
        }

        long reserved() {
            return reserved.get();
        }

        long samples() {
            return samples.get();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }
    }
}
