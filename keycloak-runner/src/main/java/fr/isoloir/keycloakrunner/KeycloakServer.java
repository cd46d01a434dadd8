package fr.isoloir.keycloakrunner;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real Keycloak server started from its distribution as a child process, with the Isoloir provider
 * jar in {@code providers/} and the election realm in {@code data/import/}. Used by the demo and by
 * the integration tests, so both run exactly what an operator runs (no Docker needed).
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String ADMIN_USERNAME = "admin";

    /**
     * @param home           an unpacked keycloak-quarkus-dist folder
     * @param providerJar    the provider jar to install (replaces any earlier isoloir-*.jar)
     * @param realmFile      realm JSON imported at start when the realm does not exist yet
     * @param realmName      the realm whose discovery document tells that the server is ready
     * @param httpPort       0 picks a free port
     * @param adminPassword  bootstrap admin password (user {@value #ADMIN_USERNAME})
     * @param freshDatabase  delete the embedded H2 database first (tests) or keep it (demo)
     * @param environment    extra environment variables (realm placeholders, SPI settings)
     * @param options        extra kc.sh options
     * @param log            file that receives the server's whole output
     * @param outputListener sees each output line as well (the demo echoes the development channels)
     * @param production     {@code kc.sh start --optimized} (production mode, after {@link #build}) instead of
     *                       {@code start-dev}; the options must then give the database, hostname and http settings
     */
    public record Settings(
            Path home,
            Path providerJar,
            Path realmFile,
            String realmName,
            int httpPort,
            String adminPassword,
            boolean freshDatabase,
            Map<String, String> environment,
            List<String> options,
            Path log,
            Consumer<String> outputListener,
            Duration startTimeout,
            boolean production) {
        public Settings {
            environment = Map.copyOf(environment);
            options = List.copyOf(options);
            outputListener = outputListener == null ? line -> {} : outputListener;
        }

        /** Development mode ({@code start-dev}). */
        public Settings(
                Path home,
                Path providerJar,
                Path realmFile,
                String realmName,
                int httpPort,
                String adminPassword,
                boolean freshDatabase,
                Map<String, String> environment,
                List<String> options,
                Path log,
                Consumer<String> outputListener,
                Duration startTimeout) {
            this(
                    home,
                    providerJar,
                    realmFile,
                    realmName,
                    httpPort,
                    adminPassword,
                    freshDatabase,
                    environment,
                    options,
                    log,
                    outputListener,
                    startTimeout,
                    false);
        }
    }

    private final Process process;
    private final URI baseUri;
    private final Settings settings;

    private KeycloakServer(Process process, URI baseUri, Settings settings) {
        this.process = process;
        this.baseUri = baseUri;
        this.settings = settings;
    }

    /**
     * The features every Isoloir server runs with, in development ({@code start-dev}) and at {@code kc.sh build}:
     * the election manager's pages in the admin console need Declarative UI (experimental in 26.7);
     * impersonation is off, so that no administrator can open a session as a voter (issue #16).
     */
    public static final List<String> FEATURE_OPTIONS =
            List.of("--features=declarative-ui", "--features-disabled=impersonation");

    public static KeycloakServer start(Settings settings) throws IOException, InterruptedException {
        // start-dev builds as it starts; a production server was built with its features (kc.sh build).
        List<String> mode = new ArrayList<>(List.of("start-dev"));
        mode.addAll(FEATURE_OPTIONS);
        return start(settings, settings.production() ? List.of("start", "--optimized") : mode);
    }

    /**
     * Starts in production mode, as an operator runs it: {@code kc.sh build} with {@code buildOptions}
     * (database vendor, features...), then {@code kc.sh start --optimized} over plain HTTP. For the
     * benchmark, whose figures mean nothing on a development-mode server.
     */
    public static KeycloakServer startOptimized(Settings settings, List<String> buildOptions)
            throws IOException, InterruptedException {
        build(
                settings.home(),
                settings.providerJar(),
                buildOptions,
                settings.environment(),
                settings.log().resolveSibling("kc-build.log"));
        return start(settings, List.of("start", "--optimized", "--http-enabled=true", "--hostname-strict=false"));
    }

    private static KeycloakServer start(Settings settings, List<String> mode) throws IOException, InterruptedException {
        Path home = settings.home().toAbsolutePath();
        Path kcSh = home.resolve("bin/kc.sh");
        if (!Files.isRegularFile(kcSh)) {
            throw new IllegalStateException("No Keycloak distribution in " + home + " (bin/kc.sh is missing)");
        }
        installProvider(home, settings.providerJar());
        installRealm(home, settings.realmFile());
        if (settings.freshDatabase()) {
            deleteRecursively(home.resolve("data/h2"));
        }
        int port = settings.httpPort() == 0 ? freePort() : settings.httpPort();
        List<String> command = new ArrayList<>(List.of("bash", kcSh.toString()));
        command.addAll(mode);
        command.addAll(List.of("--import-realm", "--http-port=" + port, "--http-management-port=" + freePort()));
        command.addAll(settings.options());

        ProcessBuilder builder =
                new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        // kc.sh picks its java from JAVA_HOME: use the JDK 21+ this launcher runs on.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", settings.adminPassword());
        builder.environment().putAll(settings.environment());
        Files.createDirectories(settings.log().toAbsolutePath().getParent());
        Process process = builder.start();
        copyOutput(process, settings);
        KeycloakServer server = new KeycloakServer(process, URI.create("http://localhost:" + port), settings);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "keycloak-stop"));
        server.awaitReady();
        return server;
    }

    /**
     * Runs {@code kc.sh build} with these build options (e.g. {@code --db=postgres}) after installing the
     * provider jar, as an operator does once before {@code start --optimized}; output appended to the log.
     */
    public static void build(Path home, Path providerJar, List<String> buildOptions, Path log)
            throws IOException, InterruptedException {
        build(home, providerJar, buildOptions, Map.of(), log);
    }

    /** As above, with environment variables: some SPI options (the SMS provider's choice) are build options. */
    public static void build(
            Path home, Path providerJar, List<String> buildOptions, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        installProvider(home.toAbsolutePath(), providerJar);
        List<String> command = new ArrayList<>(
                List.of("bash", home.toAbsolutePath().resolve("bin/kc.sh").toString(), "build"));
        command.addAll(buildOptions);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("kc.sh build " + buildOptions + " failed; see " + log);
        }
    }

    public URI baseUri() {
        return baseUri;
    }

    /** Whether the server process still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    public URI realmUri() {
        return baseUri.resolve("/realms/" + settings.realmName());
    }

    /** The kc.sh process; the server's JVM is its descendant (for CPU accounting). */
    public ProcessHandle process() {
        return process.toHandle();
    }

    public Settings settings() {
        return settings;
    }

    public KeycloakAdmin admin() {
        return new KeycloakAdmin(baseUri, ADMIN_USERNAME, settings.adminPassword());
    }

    /** Last lines of the server output, to explain a failure. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(settings.log(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + settings.log() + ": " + e.getMessage() + ")";
        }
    }

    /** Blocks until the server stops (Ctrl-C in the demo). */
    public void awaitExit() throws InterruptedException {
        process.waitFor();
    }

    /** Kills the server as a crash would (SIGKILL to kc.sh and its JVM): no shutdown, nothing handed over. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM: kc.sh forwards it for a graceful shutdown
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitReady() throws InterruptedException {
        URI discovery = URI.create(realmUri() + "/.well-known/openid-configuration");
        Instant deadline = Instant.now().plus(settings.startTimeout());
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Keycloak stopped during start (exit " + process.exitValue()
                            + "). Last output:\n" + logTail(60));
                }
                try {
                    HttpResponse<Void> response = http.send(
                            HttpRequest.newBuilder(discovery)
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(500);
            }
        }
        close();
        throw new IllegalStateException(
                "Keycloak was not ready within " + settings.startTimeout() + ". Last output:\n" + logTail(60));
    }

    /** Copies the server output to the log file and the listener, on a daemon thread. */
    private static void copyOutput(Process process, Settings settings) throws IOException {
        BufferedWriter log = Files.newBufferedWriter(settings.log(), StandardCharsets.UTF_8);
        Thread copier = new Thread(
                () -> {
                    try (log;
                            BufferedReader output = process.inputReader(StandardCharsets.UTF_8)) {
                        for (String line = output.readLine(); line != null; line = output.readLine()) {
                            log.write(line);
                            log.newLine();
                            log.flush();
                            settings.outputListener().accept(line);
                        }
                    } catch (IOException e) {
                        // the process ended; nothing more to copy
                    }
                },
                "keycloak-output");
        copier.setDaemon(true);
        copier.start();
    }

    private static void installProvider(Path home, Path providerJar) throws IOException {
        Path providers = Files.createDirectories(home.resolve("providers"));
        Path installed = providers.resolve(providerJar.getFileName());
        if (Files.isRegularFile(installed) && Files.mismatch(providerJar, installed) == -1) {
            return; // already there: keep it untouched, so an optimized build stays valid
        }
        try (Stream<Path> old = Files.list(providers)) {
            for (Path jar : old.filter(p -> p.getFileName().toString().startsWith("isoloir-"))
                    .toList()) {
                Files.delete(jar);
            }
        }
        // Same modification time as the source: a server started with --optimized after kc.sh build
        // sees the very jar it was built with.
        Files.copy(
                providerJar,
                providers.resolve(providerJar.getFileName()),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static void installRealm(Path home, Path realmFile) throws IOException {
        Path imports = Files.createDirectories(home.resolve("data/import"));
        Files.copy(realmFile, imports.resolve(realmFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Copies a distribution for another node, without its {@code data/} (another run's database, logs and
     * imports): the cluster test and the benchmark build one distribution and start two nodes from copies.
     */
    public static void copyDistribution(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path relative = from.relativize(source);
                if (relative.startsWith("data")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * The latest Infinispan cluster view in a node's output ("ISPN000094: Received new cluster view for
     * channel ISPN: [a|1] (2) [a, b]"), or null.
     */
    public static String lastClusterView(String output) {
        String view = null;
        for (String line : output.split("\n")) {
            if (line.contains("ISPN000094")) {
                view = line;
            }
        }
        return view;
    }

    /** Members in the latest cluster view of a node's output, 0 when it has logged none. */
    public static int clusterMembers(String output) {
        String view = lastClusterView(output);
        if (view == null) {
            return 0;
        }
        var matcher = java.util.regex.Pattern.compile("\\]\\s*\\((\\d+)\\)").matcher(view);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /** Deletes a folder and everything in it; nothing when it does not exist. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
