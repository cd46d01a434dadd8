package fr.isoloir.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were taken on, and how busy it was. */
final class Machine {

    private Machine() {}

    static String describe() {
        String model = read("/proc/cpuinfo")
                .lines()
                .filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst()
                .orElse("unknown CPU");
        long memoryGib = read("/proc/meminfo")
                .lines()
                .filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / (1024 * 1024))
                .findFirst()
                .orElse(0L);
        return Runtime.getRuntime().availableProcessors() + " cores (" + model + "), " + memoryGib + " GiB RAM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                + System.getProperty("java.version");
    }

    /** The 1, 5 and 15 minute load averages. */
    static String loadAverage() {
        String[] fields = read("/proc/loadavg").trim().split("\\s+");
        return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "unknown";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "";
        }
    }
}
