package fr.isoloir.benchmark;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The login benchmark (docs/benchmarks.md), on each database in turn (H2, then a private PostgreSQL with
 * one node and then two): voter logins against Keycloak's stock password login and stock three-step login
 * (username, password, OTP) on the same production-mode server, interleaved slice by slice; the first-login
 * path; the passphrase step while slow providers hold the sends; the bulk parts. Prints Markdown tables
 * with the targets beside the figures, and a summary across databases and node counts.
 */
public final class Benchmark {

    /** Chosen at first login; salted per voter by Keycloak, so one phrase for all costs the same. */
    private static final String FIRST_PASSPHRASE = "premier choix pour le banc essai riviere orange calme";
    /** Voters posting identifiers in each slow-provider phase: 300 x 20 codes per 15 minutes outlasts a phase. */
    private static final int SENDERS_PER_PHASE = 300;

    private final Options options;
    private final BenchServer server;
    private final Report report;
    private final Logins logins;
    private final Runner runner;
    /** Spreads logins over the nodes, one node per login (a sticky load balancer's round robin). */
    private final AtomicInteger nextNode = new AtomicInteger();

    private Benchmark(Options options, BenchServer server, Report report) {
        this.options = options;
        this.server = server;
        this.report = report;
        HttpClient http = Browser.newClient();
        this.logins = new Logins(http, server.sinks);
        this.runner = new Runner(server::cpu);
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
            if (options.home() == null || options.providerJar() == null || options.realmFile() == null) {
                throw new IllegalArgumentException(
                        "--home, --provider and --realm are required (benchmark.sh sets them)");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("benchmark: " + e.getMessage() + "\n" + Options.USAGE);
            System.exit(2);
            return;
        }
        Files.createDirectories(options.workDir());
        Report report = new Report(options.workDir().resolve("results.md"));
        long start = System.nanoTime();
        report.lines(
                "# Isoloir benchmark, "
                        + DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                                Instant.now().atOffset(ZoneOffset.UTC).withNano(0))
                        + " UTC",
                "",
                "- machine: " + Machine.describe(),
                "- load average at start: " + Machine.loadAverage(),
                "- options: databases " + options.databases() + ", nodes on PostgreSQL " + options.nodes() + ", voters "
                        + options.voters() + ", concurrency " + options.concurrency() + ", slice "
                        + options.slice().toSeconds() + " s x " + options.rounds()
                        + " rounds per flow and level, warm-up "
                        + options.warmup().toSeconds() + " s, first logins " + options.firstLogins() + ", bulk voters "
                        + options.bulkVoters() + ", admin REST users " + options.adminUsers() + ", lookups "
                        + options.lookups()
                        + ", parts " + options.parts()
                        + (options.findLimit().isEmpty() ? "" : ", limit search over " + options.findLimit()));
        for (Options.Database database : options.databases()) {
            long started = System.nanoTime();
            report.lines("", "# Database: " + database.option, "");
            try (BenchServer server = BenchServer.start(options, database)) {
                report.lines(
                        "- Keycloak 26.7.3, production mode (kc.sh build "
                                + String.join(" ", BenchServer.buildOptions(database))
                                + ", start --optimized), " + server.describe(),
                        "- Keycloak started in " + seconds(started) + " s (build + start)");
                new Benchmark(options, server, report).run();
            }
        }
        report.summary();
        report.lines("", "- load average at end: " + Machine.loadAverage(), "- whole run: " + seconds(start) + " s");
    }

    private void run() throws Exception {
        Map<String, Duration> durations = new LinkedHashMap<>();
        if (!options.findLimit().isEmpty()) {
            long start = System.nanoTime();
            Bulk.findLimit(options, server, report);
            durations.put("limit search", Duration.ofNanos(System.nanoTime() - start));
            printDurations(durations);
            return;
        }
        long provisioning = System.nanoTime();
        boolean login = options.parts().contains(Options.Part.LOGIN);
        boolean slow = options.parts().contains(Options.Part.SLOW_PROVIDERS);
        if (login) {
            server.createStockRealm();
            server.createThreeStepRealm();
        }
        server.raiseSendBudget();
        int voterCount = login || slow ? options.voters() : 0;
        List<Account> voters = server.createVoters("voter", 1, voterCount, true);
        List<Account> stock = login ? server.createStockUsers(options.voters()) : List.of();
        List<Account> threeStep = login ? server.createThreeStepUsers(options.voters()) : List.of();
        List<Account> firstTimers = options.parts().contains(Options.Part.FIRST_LOGIN)
                ? server.createVoters("first", 2, options.firstLogins(), false)
                : List.of();
        List<Account> staged = slow ? server.createVoters("staged", 3, options.staged(), true) : List.of();
        // Senders for each provider phase: a voter gets at most 20 codes per 15 minutes (the highest budget), so
        // a phase that reused the first phase's senders would mostly post identifiers that send nothing.
        List<Account> senders = slow ? server.createVoters("sender", 4, 2 * SENDERS_PER_PHASE, true) : List.of();
        choosePassphrases(voters);
        choosePassphrases(staged);
        report.line("- provisioned "
                + (voters.size()
                        + stock.size()
                        + threeStep.size()
                        + firstTimers.size()
                        + staged.size()
                        + senders.size())
                + " users (partial import, Argon2 hashing by Keycloak; voters' passphrases chosen through a first login) in "
                + seconds(provisioning) + " s");
        durations.put("provisioning", Duration.ofNanos(System.nanoTime() - provisioning));

        List<Integer> nodeCounts = options.nodesOn(server.database);
        for (int nodes : nodeCounts) {
            if (nodes > server.nodeCount()) {
                long start = System.nanoTime();
                server.addNode();
                report.lines(
                        "",
                        "- node B joined node A's cluster (same PostgreSQL, jdbc-ping, loopback) in " + seconds(start)
                                + " s; logins now alternate between the nodes, each login staying on its node");
                durations.put("node B start", Duration.ofNanos(System.nanoTime() - start));
            }
            String configuration = server.database.option + ", " + nodes + " node" + (nodes > 1 ? "s" : "");
            if (login) {
                long start = System.nanoTime();
                loginComparison(
                        configuration,
                        new Runner.Pool(voters, true),
                        new Runner.Pool(stock, true),
                        new Runner.Pool(threeStep, true));
                durations.put("login (" + configuration + ")", Duration.ofNanos(System.nanoTime() - start));
            }
        }
        // Every login comparison first: the bulk parts leave work behind (the re-import's 100,000 notices to
        // previous contacts are still being sent long after), which would weigh on a later comparison.
        // The parts below run once per database, on the first node count.
        if (server.nodeCount() > nodeCounts.getFirst()) {
            server.removeNode();
        }
        if (!firstTimers.isEmpty()) {
            long start = System.nanoTime();
            firstLogin(firstTimers);
            durations.put("first-login", Duration.ofNanos(System.nanoTime() - start));
        }
        if (slow) {
            long start = System.nanoTime();
            slowProviders(voters, staged, senders);
            durations.put("slow-providers", Duration.ofNanos(System.nanoTime() - start));
        }
        if (options.parts().stream().anyMatch(Options.Part::bulk)) {
            Bulk bulk = new Bulk(options, server, report, Bulk.REALM, options.bulkVoters());
            try {
                report.add(bulk.run());
            } finally {
                durations.putAll(bulk.durations);
            }
        }
        printDurations(durations);
    }

    private void printDurations(Map<String, Duration> durations) {
        report.lines(
                "",
                "## Duration of each part (" + server.database.option + ")",
                "",
                "| part | seconds |",
                "|---|---:|");
        durations.forEach((part, took) ->
                report.line("| " + part + (part.equals("import") ? " (with the admin REST comparison)" : "") + " | "
                        + Report.number(took.toMillis() / 1000.0, 0) + " |"));
    }

    /** The node the next login goes to. */
    private int node() {
        return Math.floorMod(nextNode.getAndIncrement(), server.nodeCount());
    }

    private Runner.Login voter() {
        return (account, samples) -> logins.voter(server.voterClient(node()), account, samples);
    }

    private Runner.Login stock() {
        return (account, samples) -> logins.stock(server.stockClient(node()), account, samples);
    }

    private Runner.Login threeStep() {
        return (account, samples) -> logins.threeStep(server.threeStepClient(node()), account, samples);
    }

    /**
     * Voter, stock password and stock three-step logins at each level, alternating slices, then each
     * paced at half its peak.
     */
    private void loginComparison(String configuration, Runner.Pool voters, Runner.Pool stock, Runner.Pool threeStep)
            throws InterruptedException {
        int highest =
                options.concurrency().stream().mapToInt(Integer::intValue).max().orElseThrow();
        Duration third = options.warmup().dividedBy(3);
        runner.closedLoop(voter(), voters, highest, third, new Runner.Tally("warm-up voter", highest));
        runner.closedLoop(stock(), stock, highest, third, new Runner.Tally("warm-up stock", highest));
        runner.closedLoop(threeStep(), threeStep, highest, third, new Runner.Tally("warm-up three-step", highest));
        long otpWaitsBefore = logins.otpWaits.get();

        List<Runner.Tally> voterTallies = new ArrayList<>();
        List<Runner.Tally> stockTallies = new ArrayList<>();
        List<Runner.Tally> threeStepTallies = new ArrayList<>();
        report.lines(
                "",
                "## Voter login against Keycloak's stock logins (" + configuration + ")",
                "",
                "Closed loops: at each level, that many logins run at once, each starting when the previous ends; "
                        + "the three flows (voter; stock password: username and password form; stock three-step: "
                        + "username form, password form, OTP form) alternate "
                        + options.slice().toSeconds()
                        + " s slices (" + options.rounds()
                        + " each). Logins/s = completed / wall time of the slices; CPU = Keycloak JVM CPU time (all nodes) "
                        + "over the same slices.",
                "");
        for (int concurrency : options.concurrency()) {
            Runner.Tally v = new Runner.Tally("voter", concurrency);
            Runner.Tally s = new Runner.Tally("stock", concurrency);
            Runner.Tally t = new Runner.Tally("three-step", concurrency);
            for (int round = 0; round < options.rounds(); round++) {
                runner.closedLoop(voter(), voters, concurrency, options.slice(), v);
                runner.closedLoop(stock(), stock, concurrency, options.slice(), s);
                runner.closedLoop(threeStep(), threeStep, concurrency, options.slice(), t);
            }
            voterTallies.add(v);
            stockTallies.add(s);
            threeStepTallies.add(t);
            System.out.printf(
                    "  [%s, level %d done: voter %.2f/s, stock %.2f/s, three-step %.2f/s, load %s]%n",
                    configuration, concurrency, v.perSecond(), s.perSecond(), t.perSecond(), Machine.loadAverage());
        }
        report.throughput(voterTallies, stockTallies, threeStepTallies);
        Runner.Tally voterPeak = Report.peak(voterTallies);
        Runner.Tally stockPeak = Report.peak(stockTallies);
        Runner.Tally threeStepPeak = Report.peak(threeStepTallies);
        Report.LoginFigures figures = new Report.LoginFigures(
                server.database.option,
                server.nodeCount(),
                voterPeak.perSecond(),
                stockPeak.perSecond(),
                threeStepPeak.perSecond(),
                voterPeak.cpuSecondsPerLogin(),
                stockPeak.cpuSecondsPerLogin(),
                threeStepPeak.cpuSecondsPerLogin());
        report.add(figures);
        report.lines(
                "",
                "**Peak: voter " + Report.number(figures.voterPeak(), 2) + " logins/s, stock password "
                        + Report.number(figures.stockPeak(), 2) + ", stock three-step "
                        + Report.number(figures.threeStepPeak(), 2) + "; voter/password "
                        + Report.target(figures.voterOverStock(), Report.RATIO_TARGET) + ", voter/three-step "
                        + Report.target(figures.voterOverThreeStep(), Report.THREE_STEP_RATIO_TARGET)
                        + ".** Errors: voter "
                        + voterTallies.stream().mapToLong(t -> t.errors.get()).sum() + ", stock "
                        + stockTallies.stream().mapToLong(t -> t.errors.get()).sum() + ", three-step "
                        + threeStepTallies.stream()
                                .mapToLong(t -> t.errors.get())
                                .sum()
                        + " (target 0). Three-step logins that waited for their user's next TOTP step: "
                        + (logins.otpWaits.get() - otpWaitsBefore) + ".");
        voterTallies.forEach(report::errors);
        stockTallies.forEach(report::errors);
        threeStepTallies.forEach(report::errors);
        report.latencies(
                "### Voter login, per step (code delivery = waiting for the fake SMS/SMTP; not a request)",
                Logins.voterSteps(),
                voterTallies);
        report.latencies("### Stock password login, per step", Logins.stockSteps(), stockTallies);
        report.latencies("### Stock three-step login, per step", Logins.threeStepSteps(), threeStepTallies);

        // Half the peak, paced: the latency a node shows when it is not saturated.
        int workers = Math.max(8, highest * 2);
        Runner.Tally v = new Runner.Tally("voter", workers);
        Runner.Tally s = new Runner.Tally("stock", workers);
        Runner.Tally t = new Runner.Tally("three-step", workers);
        for (int round = 0; round < options.rounds(); round++) {
            runner.paced(voter(), voters, figures.voterPeak() / 2, options.slice(), workers, v);
            runner.paced(stock(), stock, figures.stockPeak() / 2, options.slice(), workers, s);
            runner.paced(threeStep(), threeStep, figures.threeStepPeak() / 2, options.slice(), workers, t);
        }
        report.lines(
                "",
                "### At half the peak throughput (paced starts, slices alternating; " + configuration + ")",
                "",
                paced("Voter", figures.voterPeak(), v) + " " + paced("Stock password", figures.stockPeak(), s) + " "
                        + paced("Stock three-step", figures.threeStepPeak(), t));
        report.p99Targets(v, Logins.voterSteps(), List.of(Logins.PASSPHRASE, Logins.CODE_WAIT, Logins.LOGIN));
        report.p99Targets(s, Logins.stockSteps(), List.of(Logins.PASSWORD, Logins.LOGIN));
        report.p99Targets(t, Logins.threeStepSteps(), List.of(Logins.PASSWORD, Logins.LOGIN));
        report.errors(v);
        report.errors(s);
        report.errors(t);
    }

    private static String paced(String flow, double peak, Runner.Tally tally) {
        return flow + " flow paced at " + Report.number(peak / 2, 2) + " logins/s (achieved "
                + Report.number(tally.perSecond(), 2) + ", errors " + tally.errors + ", CPU "
                + Report.number(tally.cpuSecondsPerLogin(), 3) + " s/login).";
    }

    /**
     * Has each voter choose their passphrase through a first login, before anything is measured: a password
     * imported by an admin would not be sealed, so it would open nothing.
     */
    private void choosePassphrases(List<Account> accounts) throws InterruptedException {
        if (accounts.isEmpty()) {
            return;
        }
        Runner.Tally tally = new Runner.Tally("provisioning", 4);
        runner.drain(
                (account, samples) -> logins.firstVoter(server.voterClient(), account, account.secret(), samples),
                new Runner.Pool(accounts, false),
                4,
                tally);
        if (tally.errors.get() > 0) {
            throw new IllegalStateException(tally.errors.get() + " voters could not choose their passphrase");
        }
    }

    /** Voters without a passphrase: code, then choosing one (Keycloak hashes it with Argon2). */
    private void firstLogin(List<Account> firstTimers) throws InterruptedException {
        int concurrency = Math.min(
                4,
                options.concurrency().stream().mapToInt(Integer::intValue).max().orElseThrow());
        Runner.Tally tally = new Runner.Tally("first login", concurrency);
        runner.drain(
                (account, samples) -> logins.firstVoter(server.voterClient(), account, FIRST_PASSPHRASE, samples),
                new Runner.Pool(firstTimers, false),
                concurrency,
                tally);
        report.lines(
                "",
                "## First login (code, then choosing the passphrase)",
                "",
                firstTimers.size() + " voters, " + concurrency + " at a time: " + Report.number(tally.perSecond(), 2)
                        + " logins/s, errors " + tally.errors + ", CPU " + Report.number(tally.cpuSecondsPerLogin(), 3)
                        + " s/login.");
        report.latencies("", Logins.firstLoginSteps(), List.of(tally));
        report.errors(tally);
    }

    /**
     * Voters at the passphrase page finish their logins while other voters post identifiers (each one
     * sends a code), with the fake providers answering at once and then after the delay.
     */
    private void slowProviders(List<Account> probeVoters, List<Account> staged, List<Account> senders)
            throws Exception {
        report.lines(
                "",
                "## Slow providers",
                "",
                options.staged() + " logins are first brought to the passphrase page; then " + options.senders()
                        + " threads post identifiers (each post sends a code) while 4 threads finish the staged logins "
                        + "(passphrase + token) and one probe runs whole voter logins (its code delivery shows the send queue).",
                "",
                "| providers | passphrase logins/s | passphrase p50 / p99 ms | errors | identifier posts (sends asked) | identifier p50 / p99 ms "
                        + "| texts+emails delivered during the run | probe logins | probe code delivery p50 / max ms | probe errors |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Runner.Pool probes = new Runner.Pool(probeVoters, true);
        List<Duration> delays = List.of(Duration.ZERO, options.providerDelay());
        for (int phase = 0; phase < delays.size(); phase++) {
            Duration delay = delays.get(phase);
            List<Account> phaseSenders = senders.subList(phase * SENDERS_PER_PHASE, (phase + 1) * SENDERS_PER_PHASE);
            server.sinks.delay(Duration.ZERO);
            ConcurrentLinkedQueue<Logins.InProgress> waiting = stage(staged);
            server.sinks.delay(delay);
            long deliveredBefore = server.sinks.delivered();

            AtomicBoolean stop = new AtomicBoolean();
            Runner.Tally sends = new Runner.Tally("sender", options.senders());
            Runner.Tally probe = new Runner.Tally("probe", 1);
            ExecutorService background = Executors.newFixedThreadPool(options.senders() + 1);
            List<Future<?>> running = new ArrayList<>();
            Runner.Pool senderPool = new Runner.Pool(phaseSenders, true);
            for (int i = 0; i < options.senders(); i++) {
                running.add(background.submit(() -> untilStopped(
                        stop,
                        senderPool,
                        sends,
                        (account, samples) -> logins.voterIdentifierOnly(server.voterClient(), account, samples))));
            }
            running.add(background.submit(() -> untilStopped(stop, probes, probe, voter())));

            Runner.Tally finishing = new Runner.Tally("passphrase", 4);
            runner.drainStaged(
                    waiting,
                    (inProgress, samples) -> logins.finishVoter(
                            server.voterClient(),
                            inProgress,
                            samples,
                            Logins.PASSPHRASE,
                            Map.of("passphrase", inProgress.account.secret())),
                    4,
                    finishing);
            stop.set(true);
            for (Future<?> future : running) {
                future.get();
            }
            background.shutdown();
            long delivered = server.sinks.delivered() - deliveredBefore;
            Map<String, long[]> f = finishing.samples.snapshot();
            Map<String, long[]> sent = sends.samples.snapshot();
            long[] codeWait = probe.samples.snapshot().getOrDefault(Logins.CODE_WAIT, new long[0]);
            long[] passphrase = f.getOrDefault(Logins.PASSPHRASE, new long[0]);
            long[] identifier = sent.getOrDefault(Logins.IDENTIFIER, new long[0]);
            report.line("| " + (delay.isZero() ? "answer at once" : "answer after " + delay.toMillis() + " ms") + " | "
                    + Report.number(finishing.perSecond(), 2) + " | " + Report.ms(passphrase, 50) + " / "
                    + Report.ms(passphrase, 99)
                    + " | " + finishing.errors + " | " + sends.completed + " | " + Report.ms(identifier, 50) + " / "
                    + Report.ms(identifier, 99) + " | " + delivered + " | " + probe.completed + " | "
                    + Report.ms(codeWait, 50)
                    + " / " + Report.ms(codeWait, 100) + " | " + probe.errors + " |");
            report.errors(finishing);
            report.errors(sends);
            report.errors(probe);
        }
        server.sinks.delay(Duration.ZERO);
    }

    private static Void untilStopped(AtomicBoolean stop, Runner.Pool pool, Runner.Tally tally, Runner.Login login)
            throws InterruptedException {
        while (!stop.get()) {
            Runner.once(login, pool, tally);
        }
        return null;
    }

    /** Brings each staged voter's login to the passphrase page (providers answering at once). */
    private ConcurrentLinkedQueue<Logins.InProgress> stage(List<Account> staged) throws Exception {
        ConcurrentLinkedQueue<Logins.InProgress> waiting = new ConcurrentLinkedQueue<>();
        AtomicLong failed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (Account account : staged) {
            futures.add(pool.submit(() -> {
                try {
                    waiting.add(logins.voterToPassphrase(server.voterClient(), account, new Samples()));
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        if (failed.get() > 0) {
            report.line("  - " + failed.get() + " staged logins failed before the passphrase page");
        }
        return waiting;
    }

    private static String seconds(long startNanos) {
        return Report.number((System.nanoTime() - startNanos) / 1e9, 0);
    }
}
