package fr.isoloir.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's command line. The defaults are the sizes (100,000 voters for the bulk parts,
 * both databases, one and two nodes): about an hour on a quiet 2-core machine; smaller figures give a
 * quick smoke run.
 *
 * @param voters        voters with a passphrase, and as many stock users (distinct users per concurrent login)
 * @param concurrency   concurrent logins, one level after the other
 * @param slice         length of one time slice; the two flows alternate slice by slice
 * @param rounds        slices per flow and level (voter, stock, voter, stock...)
 * @param warmup        both flows run this long before any measure (JIT, caches)
 * @param firstLogins   voters without a passphrase, for the first-login path
 * @param staged        logins brought to the passphrase page before each slow-provider run
 * @param senders       concurrent identifier posts that trigger sends during the slow-provider runs
 * @param providerDelay how long the fake Twilio and SMTP server take to answer in the slow run
 * @param bulkVoters    voters of the generated file imported by the bulk parts (their own realm)
 * @param adminUsers    users created one by one through Keycloak's admin REST API, for comparison
 * @param lookups       lost-identifier form posts per contact kind (email, phone) with known contacts
 * @param sendingTime   how long the send to every voter is measured once its list is prepared; then it is
 *                      cancelled (a send to 100,000 outlasts any run) unless it finished first
 * @param databases     the databases run one after the other, each on a Keycloak of its own
 * @param nodes         Keycloak node counts measured on PostgreSQL (H2 is one node's file: 1 only)
 * @param findLimit     voter list sizes for the bulk parts, stepped up until one fails; empty: no search
 */
record Options(
        int voters,
        List<Integer> concurrency,
        Duration slice,
        int rounds,
        Duration warmup,
        int firstLogins,
        int staged,
        int senders,
        Duration providerDelay,
        Set<Part> parts,
        Path home,
        Path providerJar,
        Path realmFile,
        Path workDir,
        Path jfr,
        int bulkVoters,
        int adminUsers,
        int lookups,
        Duration sendingTime,
        List<Database> databases,
        List<Integer> nodes,
        List<Integer> findLimit) {

    /** Where Keycloak keeps its data: the embedded H2 file, or a private PostgreSQL started by the run. */
    enum Database {
        H2("h2", "--db=dev-file"),
        POSTGRES("postgres", "--db=postgres");

        final String option;
        final String buildOption;

        Database(String option, String buildOption) {
            this.option = option;
            this.buildOption = buildOption;
        }

        static List<Database> of(String value) {
            return switch (value.trim()) {
                case "h2" -> List.of(H2);
                case "postgres" -> List.of(POSTGRES);
                case "both" -> List.of(H2, POSTGRES);
                default -> throw new IllegalArgumentException("--db takes h2, postgres or both, not '" + value + "'");
            };
        }
    }

    /** What the run measures, in this order; the bulk parts share one imported realm (any of them imports it). */
    enum Part {
        LOGIN("login"),
        FIRST_LOGIN("first-login"),
        SLOW_PROVIDERS("slow-providers"),
        IMPORT("import"),
        LOOKUP("lookup"),
        SENDING("sending"),
        LETTERS("letters");

        final String option;

        Part(String option) {
            this.option = option;
        }

        /** A part run in the bulk realm, after the login parts. */
        boolean bulk() {
            return this == IMPORT || this == LOOKUP || this == SENDING || this == LETTERS;
        }

        static Part of(String option) {
            return Arrays.stream(values())
                    .filter(p -> p.option.equals(option))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown part '" + option
                            + "' (login, first-login, slow-providers, import, lookup, sending, letters)"));
        }
    }

    static final String USAGE = """
            ./benchmark.sh [options]
              --voters N             voters with a passphrase, and as many stock users (default 300)
              --concurrency 1,4,8    concurrent logins per level (default 1,2,4,8)
              --slice 10s            one time slice; voter and stock slices alternate (default 10s)
              --rounds 2             slices per flow and level (default 2)
              --warmup 20s           both flows, unmeasured, before the first level (default 20s)
              --first-logins N       voters choosing their passphrase (default 40)
              --staged N             logins waiting at the passphrase page per slow-provider run (default 120)
              --senders N            concurrent code senders during the slow-provider runs (default 8)
              --provider-delay 2s    fake Twilio and SMTP answer time in the slow run (default 2s)
              --bulk-voters N        voters in the generated file of the bulk parts (default 100000)
              --admin-users N        users created one by one through the admin REST API (default 2000)
              --lookups N            lost-identifier posts per kind, email and phone, known contacts (default 200)
              --sending-time 1m      the send to every voter is measured this long, then cancelled (default 1m)
              --parts login,first-login,slow-providers,import,lookup,sending,letters   what to run (default all)
              --db both              h2, postgres or both (default both: H2, then a private PostgreSQL)
              --nodes 1,2            Keycloak nodes on PostgreSQL, 1, 2 or 1,2 (default 1,2; H2 runs 1)
              --find-limit 100000,200000,400000   instead of the parts: the bulk parts at each list size in
                                     turn, until one fails (the largest that completes in the 2 GiB heap);
                                     with --parts, only its sending and letters are run after the import
              --jfr FILE             record the Keycloak JVM with Java Flight Recorder (profile settings)
              --home DIR --provider JAR --realm FILE --work DIR   (set by benchmark.sh)
            Durations: 500ms, 10s, 2m.""";

    static Options parse(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            int equals = arg.indexOf('=');
            if (equals > 0) {
                given.put(arg.substring(2, equals), arg.substring(equals + 1));
            } else if (i + 1 < args.length) {
                given.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("option " + arg + " needs a value");
            }
        }
        Options options = new Options(
                positive(given, "voters", 300),
                concurrency(given.getOrDefault("concurrency", "1,2,4,8")),
                duration(given.getOrDefault("slice", "10s")),
                positive(given, "rounds", 2),
                duration(given.getOrDefault("warmup", "20s")),
                positive(given, "first-logins", 40),
                positive(given, "staged", 120),
                positive(given, "senders", 8),
                duration(given.getOrDefault("provider-delay", "2s")),
                parts(given.getOrDefault("parts", "login,first-login,slow-providers,import,lookup,sending,letters")),
                path(given, "home"),
                path(given, "provider"),
                path(given, "realm"),
                given.containsKey("work") ? Path.of(given.get("work")) : Path.of("benchmark/target/run"),
                given.containsKey("jfr") ? Path.of(given.get("jfr")).toAbsolutePath() : null,
                positive(given, "bulk-voters", 100_000),
                positive(given, "admin-users", 2_000),
                positive(given, "lookups", 200),
                duration(given.getOrDefault("sending-time", "1m")),
                Database.of(given.getOrDefault("db", "both")),
                nodes(given.getOrDefault("nodes", "1,2")),
                given.containsKey("find-limit") ? sizes(given.get("find-limit")) : List.of());
        given.keySet()
                .removeAll(List.of(
                        "voters",
                        "concurrency",
                        "slice",
                        "rounds",
                        "warmup",
                        "first-logins",
                        "staged",
                        "senders",
                        "provider-delay",
                        "parts",
                        "home",
                        "provider",
                        "realm",
                        "work",
                        "jfr",
                        "bulk-voters",
                        "admin-users",
                        "lookups",
                        "sending-time",
                        "db",
                        "nodes",
                        "find-limit"));
        if (!given.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown option --" + given.keySet().iterator().next());
        }
        int highest =
                options.concurrency.stream().mapToInt(Integer::intValue).max().orElseThrow();
        if (options.voters < highest) {
            throw new IllegalArgumentException("--voters " + options.voters + " is fewer than the highest concurrency "
                    + highest + ": concurrent logins need distinct users");
        }
        if (options.bulkVoters > BulkFile.MAX_VOTERS) {
            throw new IllegalArgumentException(
                    "--bulk-voters is at most " + BulkFile.MAX_VOTERS + " (distinct mobile numbers)");
        }
        if (options.lookups * 2L > options.bulkVoters) {
            throw new IllegalArgumentException("--lookups " + options.lookups + " by email and as many by phone need "
                    + "that many voters of their own: more than --bulk-voters " + options.bulkVoters);
        }
        return options;
    }

    /** 1, 2 or both, ascending: the two-node run adds a node to the one-node run's cluster. */
    static List<Integer> nodes(String list) {
        List<Integer> counts = new ArrayList<>();
        for (String count : list.split(",")) {
            int n = positive("nodes", count.trim());
            if (n > 2) {
                throw new IllegalArgumentException(
                        "--nodes takes 1, 2 or 1,2 (two nodes share this machine's cores), not '" + list + "'");
            }
            if (!counts.contains(n)) {
                counts.add(n);
            }
        }
        counts.sort(null);
        return List.copyOf(counts);
    }

    /** Ascending distinct list sizes for --find-limit. */
    static List<Integer> sizes(String list) {
        List<Integer> sizes = new ArrayList<>();
        for (String size : list.split(",")) {
            int n = positive("find-limit", size.trim());
            if (n > BulkFile.MAX_VOTERS) {
                throw new IllegalArgumentException("--find-limit sizes are at most " + BulkFile.MAX_VOTERS);
            }
            if (!sizes.contains(n)) {
                sizes.add(n);
            }
        }
        sizes.sort(null);
        return List.copyOf(sizes);
    }

    /** The node counts run on this database: H2's file belongs to one node. */
    List<Integer> nodesOn(Database database) {
        return database == Database.H2 ? List.of(1) : nodes;
    }

    static List<Integer> concurrency(String list) {
        List<Integer> levels = new ArrayList<>();
        for (String level : list.split(",")) {
            levels.add(positive("concurrency", level.trim()));
        }
        return List.copyOf(levels);
    }

    /** "500ms", "10s", "2m" or a number of seconds. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (examples: 500ms, 10s, 2m)");
        }
    }

    private static Set<Part> parts(String list) {
        Set<Part> parts = EnumSet.noneOf(Part.class);
        for (String part : list.split(",")) {
            parts.add(Part.of(part.trim()));
        }
        return parts;
    }

    private static int positive(Map<String, String> given, String name, int fallback) {
        return given.containsKey(name) ? positive(name, given.get(name)) : fallback;
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " needs a positive whole number, not '" + value + "'");
    }

    private static Path path(Map<String, String> given, String name) {
        return given.containsKey(name) ? Path.of(given.get(name)).toAbsolutePath() : null;
    }
}
