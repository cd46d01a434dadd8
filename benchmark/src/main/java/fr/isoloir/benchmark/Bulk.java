package fr.isoloir.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.captcha.ProofOfWorkChallenge;
import fr.isoloir.demo.DemoPrinter;
import fr.isoloir.identifier.VoterIdentifier;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bulk figures (docs/benchmarks.md), in a realm of their own so the login figures are untouched:
 * importing a generated voter file against creating users one by one through Keycloak's admin REST API;
 * the lost-identifier form with that many voters; sending identifiers to all of them by SMS through the
 * fake Twilio with no rate limit.
 */
final class Bulk {

    static final String REALM = "bulk";
    /** The file's seed: the same file on every run. */
    static final long SEED = 2026;
    /** Admin REST creations at a time. */
    static final int REST_THREADS = 4;

    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Pattern LOST_LINK = Pattern.compile("<a id=\"isoloir-lost-identifier\" href=\"([^\"]+)\"");
    /** The lost-identifier page's hidden proof-of-work field, whose data attributes carry the challenge. */
    private static final Pattern PROOF_FIELD = Pattern.compile("<input\\b[^>]*\\bid=\"isoloir-pow\"[^>]*>");

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Options options;
    private final BenchServer server;
    private final Report report;
    private final AdminApi admin;
    private final HttpClient http = Browser.newClient();
    /** The election realm of this run, and the voters of its file. */
    private final String realm;

    private final int voters;
    private final String isoloir;

    Bulk(Options options, BenchServer server, Report report, String realm, int voters) {
        this.options = options;
        this.server = server;
        this.report = report;
        this.admin = server.adminApi();
        this.realm = realm;
        this.voters = voters;
        this.isoloir = "/admin/realms/" + realm + "/isoloir/";
    }

    /** Each part's wall time, in the order run. */
    final Map<String, Duration> durations = new LinkedHashMap<>();
    /** Voters/s of the import, for the comparison with the admin REST API. */
    private double importRate;
    /** The highest heap used by any node during a measured part. */
    private long peakHeap;

    /** The parts chosen by --parts; the import always (the others need the voters). */
    Report.BulkFigures run() throws Exception {
        return run(
                options.parts().contains(Options.Part.IMPORT),
                options.parts().contains(Options.Part.LOOKUP),
                options.parts().contains(Options.Part.SENDING),
                options.parts().contains(Options.Part.LETTERS));
    }

    private Report.BulkFigures run(boolean adminRest, boolean lookup, boolean sending, boolean letters) {
        double importSeconds = Double.NaN;
        double prepareSeconds = Double.NaN;
        double lettersSeconds = Double.NaN;
        String failure = null;
        try {
            long start = System.nanoTime();
            server.createElectionRealm(realm, "Banc d'essai en masse");
            setLostIdentifierLimits();
            report.lines(
                    "",
                    "## Bulk figures (realm `" + realm + "`, " + voters + " voters, " + server.database.option + ", "
                            + server.nodeCount() + " node(s))",
                    "");
            importSeconds = importFile(BulkFile.csv(voters, SEED), "channel sms");
            dashboard();
            if (adminRest) {
                adminRestUsers();
            }
            durations.put("import", since(start));
            if (lookup) {
                long started = System.nanoTime();
                lookups();
                durations.put("lookup", since(started));
            }
            if (sending) {
                long started = System.nanoTime();
                prepareSeconds = sending();
                durations.put("sending", since(started));
            }
            if (letters) {
                long started = System.nanoTime();
                lettersSeconds = letters();
                durations.put("letters", since(started));
            }
        } catch (Exception | Error e) {
            // A part that fails (a node killed by its heap, a refused upload) ends this list size, not the run.
            failure = (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + (server.allAlive() ? "" : " (a Keycloak node stopped)");
            failure = failure.length() > 200 ? failure.substring(0, 200) + "…" : failure;
            report.line("  - bulk run at " + voters + " voters failed: " + failure);
        }
        return new Report.BulkFigures(
                server.database.option, voters, importSeconds, prepareSeconds, lettersSeconds, peakHeap, failure);
    }

    /**
     * The bulk parts (import, then the send-list preparation and the letters unless --parts leaves them out)
     * at each --find-limit size in turn, each in a realm of its own, until one fails or a node stops: the
     * largest size completed is the limit.
     */
    static void findLimit(Options options, BenchServer server, Report report) {
        for (int size : options.findLimit()) {
            Report.BulkFigures figures = new Bulk(options, server, report, "limit-" + size, size)
                    .run(
                            false,
                            false,
                            options.parts().contains(Options.Part.SENDING),
                            options.parts().contains(Options.Part.LETTERS));
            report.add(figures);
            if (!figures.completed() || !server.allAlive()) {
                return;
            }
        }
    }

    /**
     * The benchmark posts every lost-identifier form from 127.0.0.1: the per-IP limit (SEC-E4, 20 an hour)
     * is raised as an operator behind one company address would, and the realm's SMS budget to its highest.
     */
    private void setLostIdentifierLimits() {
        String realm = "/admin/realms/" + this.realm;
        String flow = URLEncoder.encode("isoloir lost identifier", StandardCharsets.UTF_8)
                .replace("+", "%20");
        for (JsonNode execution : admin.get(realm + "/authentication/flows/" + flow + "/executions")
                .expect(200)
                .json()) {
            if ("isoloir-lost-identifier".equals(execution.path("providerId").asText())
                    && execution.has("authenticationConfig")) {
                String path = realm + "/authentication/config/"
                        + execution.get("authenticationConfig").asText();
                JsonNode config = admin.get(path).expect(200).json();
                Map<String, String> values = new LinkedHashMap<>();
                config.path("config")
                        .fields()
                        .forEachRemaining(
                                e -> values.put(e.getKey(), e.getValue().asText()));
                values.put("perIpPerHour", "10000");
                values.put("realmSmsPerDay", "5000");
                admin.put(
                                path,
                                Map.of(
                                        "id",
                                        config.get("id").asText(),
                                        "alias",
                                        config.get("alias").asText(),
                                        "config",
                                        values))
                        .expect(204);
                return;
            }
        }
        throw new IllegalStateException("no lost-identifier step with a config in realm " + realm);
    }

    // ---- 1. Import, and users created one by one -------------------------------------------------------

    /** Imports a file (upload, then polling its job); the wall time in seconds. */
    private double importFile(byte[] file, String kind) throws Exception {
        Heap.Usage before = Heap.read(server.jvms().getFirst()).orElse(new Heap.Usage(0, 0, 0));
        Duration cpuBefore = cpu();
        long start = System.nanoTime();
        JsonNode status;
        long answered;
        Heaps heap = new Heaps(server.jvms());
        try {
            JsonNode started = admin.post(isoloir + "voter-imports", "text/csv", file)
                    .expect(202)
                    .json();
            answered = System.nanoTime();
            String jobId = started.get("jobId").asText();
            status = poll(
                    () -> admin.get(isoloir + "voter-imports/" + jobId)
                            .expect(200)
                            .json(),
                    s -> !"running".equals(s.path("status").asText()),
                    Duration.ofMinutes(60),
                    s -> "import " + s.path("progress").asText());
        } finally {
            heap.close();
        }
        if (!"done".equals(status.path("status").asText())) {
            throw new IllegalStateException("import " + status.path("status").asText() + ": "
                    + status.path("error").asText(""));
        }
        Duration wall = since(start);
        Duration cpu = cpu().minus(cpuBefore);
        int created = status.path("created").asInt();
        // A re-import updates the voters it does not create: both are work done.
        int applied = created + status.path("updated").asInt();
        double perSecond = applied / seconds(wall);
        importRate = perSecond;
        report.lines(
                "### Import of a generated voter file (" + kind + ")",
                "",
                "`BulkFile`: " + voters + " voters (email and mobile each, " + kind + ", 3 colleges; seed "
                        + SEED + "), "
                        + Report.number(file.length / 1e6, 1)
                        + " MB, posted to `voter-imports` (one request, text/csv); "
                        + "then `GET voter-imports/{job}` every second until the job is no longer running. Heap: "
                        + "`jcmd <pid> GC.heap_info` every second during the import, on every node.",
                "",
                "| figure | value |",
                "|---|---|",
                "| upload answered (file checked, plan made, job started) | "
                        + Report.number(nanosToSeconds(answered - start), 1) + " s |",
                "| upload to done (wall) | " + Report.seconds(seconds(wall), Report.IMPORT_TARGET_S)
                        + (voters == Report.TARGET_VOTERS ? "" : " (the target is for " + Report.TARGET_VOTERS + ")")
                        + " |",
                "| outcome | " + status.path("status").asText() + ": created " + created + ", updated "
                        + status.path("updated").asInt() + ", skipped "
                        + status.path("skipped").asInt()
                        + (status.has("error")
                                ? ", error " + status.get("error").asText()
                                : "") + " |",
                "| voters/s | " + Report.number(perSecond, 0) + " |",
                "| Keycloak CPU | " + Report.number(seconds(cpu), 0) + " s ("
                        + Report.number(seconds(cpu) / seconds(wall), 2) + " cores on average; "
                        + Report.number(seconds(cpu) * 1000 / Math.max(1, applied), 2) + " ms per voter) |",
                "| heap used before | " + mib(before.used()) + " |",
                "| peak heap used during the import | " + heap.describe() + " |");
        return seconds(wall);
    }

    /** Users with a voter's attributes, created one by one by POST /users, {@value #REST_THREADS} at a time. */
    private void adminRestUsers() throws Exception {
        int count = options.adminUsers();
        SecureRandom random = new SecureRandom();
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("employeeNumber", List.of("RS-" + i));
            attributes.put("phoneNumber", List.of(String.format("+3362%07d", i)));
            attributes.put("electoralCollege", List.of("Cadres"));
            // Email: outside the SMS send of the next part, which must reach exactly the file's voters.
            attributes.put("deliveryChannel", List.of("email"));
            users.add(Map.of(
                    "username",
                    VoterIdentifier.generate(random).username(),
                    "enabled",
                    true,
                    "firstName",
                    "Dominique",
                    "lastName",
                    "Rest",
                    "email",
                    "rest-" + i + "@bench.isoloir.test",
                    "emailVerified",
                    true,
                    "attributes",
                    attributes));
        }
        AtomicLong failed = new AtomicLong();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(REST_THREADS);
        Duration cpuBefore = cpu();
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Map<String, Object> user : users) {
                futures.add(pool.submit(() -> {
                    AdminApi.Answer answer = admin.post("/admin/realms/" + realm + "/users", user);
                    if (answer.status() != 201) {
                        failed.incrementAndGet();
                        if (errors.size() < 3) {
                            errors.add("HTTP " + answer.status() + " " + answer.body());
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        Duration wall = since(start);
        Duration cpu = cpu().minus(cpuBefore);
        long created = count - failed.get();
        double perSecond = created / seconds(wall);
        double projected = extrapolate(created, wall, voters);
        report.lines(
                "",
                "### The same by Keycloak's admin REST API, one user per request",
                "",
                count
                        + " users with a voter's attributes (username, email, names, employee number, mobile, college, channel) "
                        + "created by `POST /admin/realms/" + realm + "/users`, " + REST_THREADS
                        + " requests at a time, "
                        + "one admin token reused, into the realm already holding the imported voters.",
                "",
                "| figure | value |",
                "|---|---|",
                "| created | " + created + " in " + Report.number(seconds(wall), 1) + " s, errors " + failed.get()
                        + " |",
                "| users/s | " + Report.number(perSecond, 1) + " |",
                "| Keycloak CPU | " + Report.number(seconds(cpu) * 1000 / Math.max(1, created), 2) + " ms per user |",
                "| extrapolated to " + voters + " users | " + Report.number(projected, 0) + " s ("
                        + Report.number(projected / 60, 1) + " min) |",
                "| import / REST speed | " + Report.number(Report.ratio(importRate, perSecond), 1) + " × |");
        errors.forEach(e -> report.line("  - REST error: " + e));
    }

    /** Seconds that {@code target} items would take at the rate of {@code done} items in {@code took}. */
    static double extrapolate(long done, Duration took, long target) {
        if (done <= 0) {
            return Double.NaN;
        }
        return seconds(took) * target / done;
    }

    /**
     * The election dashboard on the imported realm, as the benchmark's admin (every role: the event figures
     * too): the first load counts (one set of queries), the next ones within the cache period are served
     * from Keycloak's single-use object store.
     */
    private void dashboard() {
        int cached = 20;
        long start = System.nanoTime();
        JsonNode first = admin.get(isoloir + "dashboard").expect(200).json();
        double counted = nanosToSeconds(System.nanoTime() - start) * 1000;
        long[] served = new long[cached];
        for (int i = 0; i < cached; i++) {
            long one = System.nanoTime();
            admin.get(isoloir + "dashboard").expect(200);
            served[i] = System.nanoTime() - one;
        }
        java.util.Arrays.sort(served);
        report.lines(
                "",
                "### The election dashboard on the imported realm",
                "",
                "`GET " + isoloir + "dashboard` right after the import (voters "
                        + first.path("voters").path("total")
                        + "), then " + cached + " more loads within its "
                        + first.path("cacheSeconds").asInt()
                        + "-second cache period.",
                "",
                "| figure | value |",
                "|---|---|",
                "| first load (counted: 6 queries) | " + Report.number(counted, 0) + " ms |",
                "| next loads, median (cached) | " + Report.number(served[cached / 2] / 1e6, 1) + " ms |");
    }

    // ---- 2. Lost-identifier lookups ---------------------------------------------------------------------

    private record Lookup(String kind, String contact) {}

    private void lookups() throws Exception {
        Random random = new Random(SEED + 1);
        List<Lookup> posts = new ArrayList<>();
        int unknown = Math.max(1, options.lookups() / 4);
        // Distinct voters for email and phone, so that no contact nears its own hourly limit.
        for (int rank : distinct(random, options.lookups() * 2, voters)) {
            posts.add(
                    posts.size() % 2 == 0
                            ? new Lookup("email, known", BulkFile.email(rank))
                            : new Lookup("phone, known", BulkFile.mobile(rank)));
        }
        for (int i = 0; i < unknown; i++) {
            posts.add(new Lookup("email, unknown", BulkFile.unknownEmail(i)));
            posts.add(new Lookup("phone, unknown", BulkFile.unknownMobile(i)));
        }
        Collections.shuffle(posts, random);
        Samples samples = new Samples();
        Samples solving = new Samples();
        Map<String, Long> errors = new LinkedHashMap<>();
        List<String> firstErrors = new ArrayList<>();
        Duration cpuBefore = cpu();
        long start = System.nanoTime();
        for (Lookup lookup : posts) {
            try {
                samples.add(lookup.kind(), lostIdentifierPost(lookup.contact(), solving));
            } catch (Exception e) {
                errors.merge(lookup.kind(), 1L, Long::sum);
                if (firstErrors.size() < 3) {
                    firstErrors.add(lookup.kind() + ": " + e.getMessage());
                }
            }
        }
        Duration wall = since(start);
        Duration cpu = cpu().minus(cpuBefore);
        report.lines(
                "",
                "### Lost-identifier form with " + voters + " voters",
                "",
                posts.size() + " posts one after the other, in random order: each opens the identifier page, follows "
                        + "\"Identifiant oublié ou perdu\", solves the page's proof-of-work in Java (as a script would; "
                        + "the theme's script does it in the voter's browser) and posts the contact with the captcha left "
                        + "empty, as a voter who cannot see the image does. Timed: the form post alone, "
                        + "until the confirmation page (same page for known and unknown contacts; a known one is sent "
                        + "a new identifier during the post). Keycloak CPU: "
                        + Report.number(seconds(cpu) * 1000 / Math.max(1, posts.size()), 1)
                        + " ms per lookup (whole page sequence); "
                        + Report.number(seconds(wall), 0) + " s in all.",
                "",
                "| contact | n | p50 ms | p95 ms | p99 ms | max ms | errors |",
                "|---|---:|---:|---:|---:|---:|---:|");
        Map<String, long[]> sorted = samples.snapshot();
        for (String kind : List.of("email, known", "email, unknown", "phone, known", "phone, unknown")) {
            long[] values = sorted.getOrDefault(kind, new long[0]);
            report.line("| " + kind + " | " + values.length + " | " + Report.ms(values, 50) + " | "
                    + Report.ms(values, 95) + " | " + Report.ms(values, 99) + " | " + Report.ms(values, 100) + " | "
                    + errors.getOrDefault(kind, 0L) + " |");
        }
        firstErrors.forEach(e -> report.line("  - lookup error: " + e));
        long[] solved = solving.snapshot().getOrDefault(SOLVE, new long[0]);
        report.lines(
                "",
                "What one request costs a script: solving the proof-of-work in Java, one thread, "
                        + Report.number(mean(solved) / 1e6, 1) + " ms CPU on average, p95 " + Report.ms(solved, 95)
                        + " ms, max "
                        + Report.ms(solved, 100) + " ms (n = " + solved.length + " challenges of the page, difficulty "
                        + maxNumber + "); " + Report.number(mean(solved) / 1e9 * 1000, 0)
                        + " s CPU per 1,000 requests. A voter's browser: see docs/benchmarks.md "
                        + "(VoterJourneyBrowserIT prints the theme's script's time in Chromium).");
    }

    private static final String SOLVE = "solve";
    /** The difficulty the last page carried (the same on every page). */
    private volatile int maxNumber;

    static double mean(long[] values) {
        return values.length == 0
                ? Double.NaN
                : java.util.Arrays.stream(values).average().orElse(Double.NaN);
    }

    /** The lost-identifier form post's duration in nanoseconds, after the pages that lead to it. */
    private long lostIdentifierPost(String contact, Samples solving) throws Exception {
        Logins.Client client = server.client(realm);
        Browser browser = new Browser(http, client.redirectUri());
        Browser.Page identifier = browser.get(client.authorization(Logins.Pkce.create()));
        Matcher link = LOST_LINK.matcher(identifier.body());
        if (!link.find()) {
            throw new IllegalStateException(
                    "no lost-identifier link on the identifier page (HTTP " + identifier.status() + ")");
        }
        Browser.Page lost = browser.get(identifier.uri().resolve(Forms.unescape(link.group(1))));
        URI action = Forms.action(lost.body(), "isoloir-lost-form", lost.uri())
                .orElseThrow(() -> new IllegalStateException("no lost-identifier form (HTTP " + lost.status() + ")"));
        ProofOfWorkChallenge challenge = proofOfWork(lost.body());
        maxNumber = challenge.maxNumber();
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        String proof = challenge
                .solve()
                .orElseThrow(() -> new IllegalStateException("no number solves the page's proof-of-work"))
                .payload();
        solving.add(SOLVE, THREADS.getCurrentThreadCpuTime() - cpuBefore);
        long start = System.nanoTime();
        Browser.Page sent = browser.post(action, Map.of("contact", contact, "captcha", "", "altcha", proof));
        long took = System.nanoTime() - start;
        if (sent.status() != 200 || !sent.body().contains("id=\"isoloir-lost-sent\"")) {
            throw new IllegalStateException("no confirmation page after the post (HTTP " + sent.status() + ")");
        }
        return took;
    }

    /** The proof-of-work challenge of a lost-identifier page, read from its hidden field as a script reads it. */
    static ProofOfWorkChallenge proofOfWork(String html) {
        Matcher field = PROOF_FIELD.matcher(html);
        if (!field.find()) {
            throw new IllegalArgumentException("no proof-of-work field on the lost-identifier page");
        }
        String tag = field.group();
        return new ProofOfWorkChallenge(
                attribute(tag, "data-algorithm"),
                attribute(tag, "data-challenge"),
                attribute(tag, "data-salt"),
                Integer.parseInt(attribute(tag, "data-max-number")));
    }

    private static String attribute(String tag, String name) {
        Matcher value = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(tag);
        if (!value.find()) {
            throw new IllegalArgumentException("no " + name + " on the proof-of-work field");
        }
        return Forms.unescape(value.group(1));
    }

    /** {@code count} distinct ranks below {@code bound}, in random order. */
    static List<Integer> distinct(Random random, int count, int bound) {
        if (count > bound) {
            throw new IllegalArgumentException(count + " distinct values below " + bound);
        }
        Set<Integer> chosen = new LinkedHashSet<>();
        while (chosen.size() < count) {
            chosen.add(random.nextInt(bound));
        }
        return List.copyOf(chosen);
    }

    // ---- 3. Sending to every voter by SMS ---------------------------------------------------------------

    /** The send to every voter; the seconds its list took to prepare. */
    private double sending() throws Exception {
        Heaps heap = new Heaps(server.jvms());
        long textsBefore = server.sinks.texts();
        Duration cpuBefore = cpu();
        long start = System.nanoTime();
        JsonNode job = admin.post(isoloir + "identifier-sendings", Map.of("channel", "sms", "smsRate", 100_000))
                .expect(201)
                .json();
        String id = job.get("id").asText();
        long[] window = {0, 0, 0}; // prepared at (nanos), texts then, CPU then (nanos)
        JsonNode end;
        try {
            end = poll(
                    () -> admin.get(isoloir + "identifier-sendings/" + id)
                            .expect(200)
                            .json(),
                    s -> {
                        if (window[0] == 0 && !s.path("preparing").asBoolean(true)) {
                            window[0] = System.nanoTime();
                            window[1] = server.sinks.texts();
                            window[2] = cpu().toNanos();
                        }
                        return !"running".equals(s.path("state").asText())
                                || window[0] != 0
                                        && System.nanoTime() - window[0]
                                                > options.sendingTime().toNanos();
                    },
                    Duration.ofMinutes(60),
                    s -> "sending " + s.path("progress").asText());
        } finally {
            heap.close();
        }
        long windowEnd = System.nanoTime();
        long windowTexts = server.sinks.texts() - window[1];
        double windowCpu = window[0] == 0 ? Double.NaN : (cpu().toNanos() - window[2]) / 1e9;
        boolean finished = "finished".equals(end.path("state").asText());
        if ("running".equals(end.path("state").asText())) {
            admin.post(isoloir + "identifier-sendings/" + id + "/cancel", Map.of())
                    .expect(200);
        }
        Duration wall = since(start);
        Duration cpu = cpu().minus(cpuBefore);
        long texts = server.sinks.texts() - textsBefore;
        JsonNode counts = end.path("counts");
        long targeted = counts.path("targeted").asLong();
        double windowSeconds = nanosToSeconds(windowEnd - window[0]);
        double perSecond = window[0] == 0 ? Double.NaN : windowTexts / windowSeconds;
        // Nothing sent in the window: no per-message cost and no finishing time to extrapolate.
        double perMessageMs = windowTexts == 0 ? Double.NaN : windowCpu * 1000 / windowTexts;
        // A list so small that the job finished between two polls: its whole time was the preparation's bound.
        double preparing = window[0] == 0 ? (finished ? seconds(wall) : Double.NaN) : nanosToSeconds(window[0] - start);
        double allSeconds = perSecond > 0 ? preparing + targeted / perSecond : Double.NaN;
        report.lines(
                "",
                "### Sending identifiers to every voter by SMS, no rate limit",
                "",
                "One `identifier-sendings` job (channel sms, rate 100,000 a minute; server options "
                        + String.join(" ", BenchServer.SENDING_OPTIONS)
                        + "), the fake Twilio answering at once (201 queued) "
                        + "with WireMock's request journal off, texts counted by a request listener. Status polled every second; "
                        + (finished
                                ? "the job finished."
                                : "measured for " + options.sendingTime().toSeconds()
                                        + " s once its list was prepared, then cancelled."),
                "",
                "| figure | value |",
                "|---|---|",
                "| job when measured | " + end.path("state").asText() + ": targeted " + targeted + ", sent "
                        + counts.path("sent").asLong()
                        + ", failed " + counts.path("failed").asLong() + ", uncertain "
                        + counts.path("uncertain").asLong()
                        + ", pending " + counts.path("pending").asLong()
                        + (end.path("pauseReason").isTextual()
                                ? " (paused: " + end.get("pauseReason").asText() + ")"
                                : "")
                        + " |",
                "| preparing the list (voters marked pending) | "
                        + (voters == Report.TARGET_VOTERS
                                ? Report.seconds(preparing, Report.PREPARE_TARGET_S)
                                : Report.number(preparing, 1) + " s")
                        + " |",
                "| peak heap used (preparation and measured sending) | " + heap.describe() + " |",
                "| texts received by the fake Twilio | " + texts + " (" + windowTexts + " in the measured "
                        + Report.number(windowSeconds, 0) + " s) |",
                "| **messages/s** once prepared (fake Twilio's count) | **" + Report.number(perSecond, 1) + "** |",
                "| Keycloak CPU while sending | " + Report.number(windowCpu / windowSeconds, 2)
                        + " cores on average of " + Runtime.getRuntime().availableProcessors() + "; "
                        + Report.number(perMessageMs, 2) + " ms per message |",
                "| wall time for all " + targeted + " at that rate | "
                        + (finished
                                ? Report.number(seconds(wall), 0) + " s (measured)"
                                : Report.number(allSeconds, 0) + " s (" + Report.number(allSeconds / 60, 1)
                                        + " min, extrapolated)")
                        + " |",
                "| for scale: Twilio's queue per sender | about 1 SMS/s per long-code number, 3/s toll-free, 100/s short code |",
                "",
                "Keycloak CPU over the whole part: " + Report.number(seconds(cpu), 0) + " s in "
                        + Report.number(seconds(wall), 0) + " s.");
        if (Double.isNaN(preparing)) {
            throw new IllegalStateException(
                    "the send list was not prepared: " + end.path("state").asText());
        }
        return preparing;
    }

    // ---- 4. Postal letters ----------------------------------------------------------------------------------

    /**
     * The same voters made postal by a re-import (an update of each), a printer key set, then every letter
     * produced by {@link Letters}; the seconds the letters took.
     */
    private double letters() throws Exception {
        setPrinterKey();
        importFile(BulkFile.csv(voters, SEED, true), "re-import of the same voters as postal, with an address");
        long drainStart = System.nanoTime();
        long notices = awaitQuietSms();
        report.line("- the re-import's notices to the voters' previous mobile numbers: " + notices
                + " texts, sent in the " + Report.number(seconds(since(drainStart)), 0)
                + " s waited before the letters (so that their CPU is not counted as the letters')");
        Heaps heap = new Heaps(server.jvms());
        Duration cpuBefore = cpu();
        long start = System.nanoTime();
        Letters.Produced produced;
        try {
            produced = Letters.produce(admin, realm);
        } finally {
            heap.close();
        }
        Duration wall = since(start);
        Duration cpu = cpu().minus(cpuBefore);
        report.lines(
                "",
                "### Postal letters for every voter",
                "",
                "`" + Letters.HOW + "`, with a generated RSA 3072 printer key (`DemoPrinter`) set as the realm's "
                        + "`isoloir.printerPublicKey`.",
                "",
                "| figure | value |",
                "|---|---|",
                "| letters (codes issued), voters skipped | " + produced.letters() + ", " + produced.skipped() + " |",
                "| production, start to end (every code issued and hashed, every part encrypted and stored) | "
                        + (voters == Report.TARGET_VOTERS
                                ? Report.seconds(produced.producedSeconds(), Report.LETTERS_TARGET_S)
                                : Report.number(produced.producedSeconds(), 1) + " s")
                        + " |",
                "| download of the zip, then | " + Report.number(seconds(wall) - produced.producedSeconds(), 1)
                        + " s |",
                "| letters/s | " + Report.number(produced.letters() / produced.producedSeconds(), 1) + " |",
                "| Keycloak CPU | " + Report.number(seconds(cpu), 0) + " s ("
                        + Report.number(seconds(cpu) * 1000 / Math.max(1, produced.letters()), 2) + " ms per letter) |",
                "| zip of encrypted parts | " + Report.number(produced.bytes() / 1e6, 2) + " MB |",
                "| peak heap used | " + heap.describe() + " |");
        if (produced.letters() != voters) {
            throw new IllegalStateException(produced.letters() + " letters for " + voters + " postal voters");
        }
        return produced.producedSeconds();
    }

    /**
     * Waits until the fake Twilio has received no text for 5 s (at most 30 minutes): a change of channel
     * sends the voter's previous contact a notice, one text per voter of the postal re-import; the import
     * waits for room in the sending pool, so the last of them may still be on their way when it ends.
     */
    private long awaitQuietSms() throws InterruptedException {
        long first = server.sinks.texts();
        long last = first;
        long quietSince = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() - quietSince < Duration.ofSeconds(5).toNanos() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            long now = server.sinks.texts();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
        return last - first;
    }

    /** The realm attribute the letters are encrypted to (a raw PUT replaces the map: the realm read first). */
    private void setPrinterKey() {
        JsonNode representation =
                admin.get("/admin/realms/" + realm).expect(200).json();
        var updated = (com.fasterxml.jackson.databind.node.ObjectNode) representation.deepCopy();
        updated.withObject("/attributes")
                .put("isoloir.printerPublicKey", DemoPrinter.generate().publicKeyArmoured());
        admin.put("/admin/realms/" + realm, updated).expect(204);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private interface Check {
        boolean done(JsonNode status);
    }

    private JsonNode poll(
            Supplier<JsonNode> read,
            Check done,
            Duration timeout,
            java.util.function.Function<JsonNode, String> progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastPrinted = 0;
        while (true) {
            JsonNode status = read.get();
            if (done.done(status)) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("still running after " + timeout.toMinutes() + " min: " + status);
            }
            if (System.nanoTime() - lastPrinted > 15_000_000_000L) {
                System.err.println("  " + progress.apply(status) + " (load " + Machine.loadAverage() + ")");
                lastPrinted = System.nanoTime();
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private Duration cpu() {
        return server.cpu();
    }

    /** The heap of every node, sampled every second; the peak also counts for the run's summary. */
    private final class Heaps implements AutoCloseable {
        private final List<Heap.Sampler> samplers;

        Heaps(List<ProcessHandle> jvms) {
            samplers = jvms.stream().map(jvm -> new Heap.Sampler(jvm, POLL)).toList();
        }

        /** "812 MiB (committed at most 1,236 MiB, maximum heap 2,048 MiB)", per node when there are two. */
        String describe() {
            List<String> nodes = new ArrayList<>();
            for (Heap.Sampler sampler : samplers) {
                nodes.add(
                        (sampler.peakUsed().isPresent() ? mib(sampler.peakUsed().getAsLong()) : "–")
                                + " (committed at most " + mib(sampler.peakCommitted()) + ", maximum heap "
                                + mib(sampler.reserved()) + ", " + sampler.samples() + " samples)");
            }
            return String.join("; ", nodes);
        }

        @Override
        public void close() throws InterruptedException {
            for (Heap.Sampler sampler : samplers) {
                sampler.close();
                peakHeap = Math.max(peakHeap, sampler.peakUsed().orElse(0));
            }
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static double nanosToSeconds(long nanos) {
        return nanos / 1e9;
    }

    static String mib(long bytes) {
        return Report.number(bytes / (1024.0 * 1024.0), 0) + " MiB";
    }
}
