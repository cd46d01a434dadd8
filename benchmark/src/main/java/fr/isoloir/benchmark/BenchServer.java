package fr.isoloir.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.keycloakrunner.KeycloakServer;
import fr.isoloir.keycloakrunner.PrivatePostgres;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Keycloak in production mode (kc.sh build, then start --optimized) with the provider jar and the election
 * realm, wired to the fake providers, plus comparison realms on Keycloak's stock flows with the same
 * hashing: {@value #STOCK_REALM} (username and password form) and {@value #THREE_STEP_REALM} (username
 * form, password form, OTP form). On H2 (embedded file, local caches) one node; on PostgreSQL (a private
 * instance started for the run) node A, and node B when {@link #addNode()} joins it to A's cluster on
 * loopback, as {@code ClusterIT} runs them.
 */
final class BenchServer implements AutoCloseable {

    static final String VOTE_REALM = "vote";
    static final String STOCK_REALM = "stock";
    static final String THREE_STEP_REALM = "stock-otp";
    static final String STOCK_CLIENT = "bench-client";
    /** Nothing listens there: a login ends on the redirect, which is never fetched. */
    static final String REDIRECT_BASE = "http://127.0.0.1:9";
    /**
     * The three-step realm's TOTP period: 5 s instead of Keycloak's 30, so that each user may log in again
     * a few seconds later with a code not used yet (codes are single use); the check costs the same.
     */
    static final int OTP_PERIOD = 5;

    /**
     * The heap docs/production.md recommends per node; kc.sh's own default outside a container is 512 MiB,
     * which a 100,000-voter import fills (measured: GC-bound, 8.6 to 10.3 min).
     */
    static final String HEAP = "-Xms512m -Xmx2g";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IMPORT_BATCH = 25;
    private static final Duration CLUSTER_FORMING = Duration.ofMinutes(3);

    /**
     * "Send identifiers" without a rate limit for the bulk sending part (SendingConfig): a 1 s tick, rates
     * up to 100,000 a minute, big preparation batches. No job runs during the login parts.
     */
    static final List<String> SENDING_OPTIONS = List.of(
            "--spi-ui-page--send-identifiers--tick-seconds=1",
            "--spi-ui-page--send-identifiers--sms-rate=100000",
            "--spi-ui-page--send-identifiers--max-rate=100000",
            "--spi-ui-page--send-identifiers--prepare-batch=5000");
    /** Quarkus refuses request bodies over 10 MiB by default; the bulk file may be bigger (docs/election.md). */
    static final String MAX_BODY_SIZE = "quarkus.http.limits.max-body-size=64M";

    final CodeSinks sinks;
    final Options.Database database;
    /** Node A first; node B once added. */
    private final List<KeycloakServer> nodes = new ArrayList<>();

    private final PrivatePostgres postgres;
    private final Options options;
    private final Path realmFile;
    private final String adminPassword;

    private BenchServer(
            Options options,
            Options.Database database,
            CodeSinks sinks,
            PrivatePostgres postgres,
            String adminPassword) {
        this.options = options;
        this.database = database;
        this.sinks = sinks;
        this.postgres = postgres;
        this.realmFile = options.realmFile();
        this.adminPassword = adminPassword;
    }

    static List<String> buildOptions(Options.Database database) {
        List<String> build = new ArrayList<>(List.of(database.buildOption));
        build.addAll(KeycloakServer.FEATURE_OPTIONS);
        return build;
    }

    /** What the report says of the server. */
    String describe() {
        return switch (database) {
            case H2 -> "H2 (embedded file database, dev-file), local caches, heap " + HEAP;
            case POSTGRES ->
                "PostgreSQL (private instance on loopback, " + postgres.jdbcUrl() + "), embedded Infinispan cluster "
                        + "(jdbc-ping discovery, loopback), heap " + HEAP + " per node";
        };
    }

    /** Node A on this database (after kc.sh build for it), with a fresh database. */
    static BenchServer start(Options options, Options.Database database) throws Exception {
        CodeSinks sinks = CodeSinks.start();
        Files.createDirectories(options.workDir());
        PrivatePostgres postgres = null;
        String adminPassword = "admin-" + System.nanoTime();
        BenchServer server;
        try {
            if (database == Options.Database.POSTGRES) {
                postgres = PrivatePostgres.start(options.workDir().resolve("postgres"));
            }
            server = new BenchServer(options, database, sinks, postgres, adminPassword);
            // The operator's way to raise a Quarkus limit Keycloak has no option for: conf/quarkus.properties.
            Files.writeString(
                    options.home().resolve("conf/quarkus.properties"),
                    "# written by the benchmark\n" + MAX_BODY_SIZE + "\n");
            server.nodes.add(
                    KeycloakServer.startOptimized(server.settings(options.home(), "a", true), buildOptions(database)));
        } catch (Exception | Error e) {
            sinks.close();
            if (postgres != null) {
                postgres.close();
            }
            throw e;
        }
        return server;
    }

    /**
     * Node B: a copy of node A's built distribution, started on the same PostgreSQL; returns once both
     * nodes log a cluster view of two members (jdbc-ping, as ClusterIT).
     */
    void addNode() throws Exception {
        if (database != Options.Database.POSTGRES || nodes.size() != 1) {
            throw new IllegalStateException("a second node joins a one-node PostgreSQL run only");
        }
        Path homeB = options.workDir().resolve("node-b");
        KeycloakServer.deleteRecursively(homeB);
        KeycloakServer.copyDistribution(options.home(), homeB);
        nodes.add(KeycloakServer.start(settings(homeB, "b", false)));
        long deadline = System.nanoTime() + CLUSTER_FORMING.toNanos();
        while (nodes.stream().anyMatch(n -> KeycloakServer.clusterMembers(output(n)) != 2)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the two nodes did not form one cluster within " + CLUSTER_FORMING
                        + ": node A's view " + KeycloakServer.lastClusterView(output(nodes.get(0))));
            }
            Thread.sleep(500);
        }
    }

    private static String output(KeycloakServer node) {
        try {
            return Files.readString(node.settings().log(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private KeycloakServer.Settings settings(Path home, String node, boolean first) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>(Map.of(
                "VOTING_SITE_URL", REDIRECT_BASE,
                "SMTP_HOST", "127.0.0.1",
                "SMTP_PORT", Integer.toString(sinks.smtpPort()),
                "SMTP_FROM", "elections@isoloir.test",
                "KC_SPI_SMS_SENDER__PROVIDER", "twilio",
                "KC_SPI_SMS_SENDER__TWILIO__ACCOUNT_SID", CodeSinks.TWILIO_ACCOUNT,
                "KC_SPI_SMS_SENDER__TWILIO__AUTH_TOKEN", "benchmark-token-not-a-secret",
                "KC_SPI_SMS_SENDER__TWILIO__FROM", "+33700000000",
                "KC_SPI_SMS_SENDER__TWILIO__API_BASE_URL", sinks.twilioUrl()));
        environment.put("JAVA_OPTS_KC_HEAP", HEAP);
        List<String> serverOptions = new ArrayList<>(SENDING_OPTIONS);
        if (database == Options.Database.H2) {
            environment.put("KC_CACHE", "local");
        } else {
            environment.put("KC_DB_URL", postgres.jdbcUrl());
            environment.put("KC_DB_USERNAME", PrivatePostgres.USER);
            environment.put("KC_DB_PASSWORD", PrivatePostgres.PASSWORD);
            serverOptions.addAll(List.of(
                    "--spi-cache-embedded-default-node-name=node-" + node,
                    "--cache-embedded-network-bind-address=127.0.0.1",
                    "--cache-embedded-network-bind-port=" + KeycloakServer.freePort()));
        }
        if (!first) {
            // startOptimized adds these for node A; node B starts with KeycloakServer.start.
            serverOptions.addAll(List.of("--http-enabled=true", "--hostname-strict=false"));
        }
        if (options.jfr() != null && first) {
            environment.put(
                    "JAVA_OPTS_APPEND",
                    "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + options.jfr());
        }
        String name = "keycloak-" + database.option + (first ? "" : "-node-" + node) + ".log";
        return new KeycloakServer.Settings(
                home,
                options.providerJar(),
                options.realmFile(),
                VOTE_REALM,
                0,
                adminPassword,
                first,
                environment,
                serverOptions,
                options.workDir().resolve(name),
                null,
                Duration.ofMinutes(10),
                true);
    }

    /** Stops node B: the parts after the login comparisons run on node A alone, as in a one-node run. */
    void removeNode() {
        if (nodes.size() > 1) {
            nodes.remove(nodes.size() - 1).close();
        }
    }

    int nodeCount() {
        return nodes.size();
    }

    /** The Keycloak JVM (kc.sh's child) of each node, whose CPU time and heap the benchmark reads. */
    List<ProcessHandle> jvms() {
        return nodes.stream().map(BenchServer::jvm).toList();
    }

    private static ProcessHandle jvm(KeycloakServer node) {
        return node.process()
                .descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no Keycloak JVM under kc.sh"));
    }

    /** CPU time of every node's JVM so far. */
    Duration cpu() {
        Duration sum = Duration.ZERO;
        for (ProcessHandle jvm : jvms()) {
            sum = sum.plus(jvm.info().totalCpuDuration().orElse(Duration.ZERO));
        }
        return sum;
    }

    /** Whether every node still runs (a node the heap killed ends the bulk limit search). */
    boolean allAlive() {
        return nodes.stream().allMatch(KeycloakServer::isAlive);
    }

    /** Node A's voter client (provisioning, first logins, slow providers, bulk). */
    Logins.Client voterClient() {
        return voterClient(0);
    }

    /** The election realm's client on one node: a login that starts there stays there (sticky balancer). */
    Logins.Client voterClient(int node) {
        return client(node, VOTE_REALM, "voting-site");
    }

    Logins.Client stockClient(int node) {
        return client(node, STOCK_REALM, STOCK_CLIENT);
    }

    Logins.Client threeStepClient(int node) {
        return client(node, THREE_STEP_REALM, STOCK_CLIENT);
    }

    private Logins.Client client(int node, String realm, String clientId) {
        return new Logins.Client(
                nodes.get(node).baseUri().resolve("/realms/" + realm), clientId, REDIRECT_BASE + "/callback");
    }

    /**
     * The comparison realm: Keycloak's stock browser flow (username and password form), the election
     * realm's password hashing (Argon2, Keycloak's parameters), brute-force and event settings.
     */
    void createStockRealm() throws IOException {
        admin().post("/admin/realms", stockRealm(STOCK_REALM)).expect(201);
    }

    /**
     * The three-step anchor: Keycloak's browser flow copied (cookie, or the forms), its forms being the
     * username form, the password form and the OTP form, each a page of its own; TOTP with Keycloak's
     * default policy but a {@value #OTP_PERIOD} s period, codes single use.
     */
    void createThreeStepRealm() throws IOException {
        Map<String, Object> realm = stockRealm(THREE_STEP_REALM);
        realm.put("otpPolicyType", "totp");
        realm.put("otpPolicyAlgorithm", "HmacSHA1");
        realm.put("otpPolicyDigits", 6);
        realm.put("otpPolicyLookAheadWindow", 1);
        realm.put("otpPolicyPeriod", OTP_PERIOD);
        realm.put("otpPolicyCodeReusable", false);
        realm.put(
                "authenticationFlows",
                List.of(
                        Map.of(
                                "alias",
                                "three-step browser",
                                "description",
                                "Keycloak's browser flow, the forms as three pages",
                                "providerId",
                                "basic-flow",
                                "topLevel",
                                true,
                                "builtIn",
                                false,
                                "authenticationExecutions",
                                List.of(
                                        execution("auth-cookie", "ALTERNATIVE", 10),
                                        Map.of(
                                                "authenticatorFlow",
                                                true,
                                                "flowAlias",
                                                "three-step forms",
                                                "requirement",
                                                "ALTERNATIVE",
                                                "priority",
                                                20,
                                                "userSetupAllowed",
                                                false))),
                        Map.of(
                                "alias",
                                "three-step forms",
                                "providerId",
                                "basic-flow",
                                "topLevel",
                                false,
                                "builtIn",
                                false,
                                "authenticationExecutions",
                                List.of(
                                        execution("auth-username-form", "REQUIRED", 10),
                                        execution("auth-password-form", "REQUIRED", 20),
                                        execution("auth-otp-form", "REQUIRED", 30)))));
        realm.put("browserFlow", "three-step browser");
        admin().post("/admin/realms", realm).expect(201);
    }

    private static Map<String, Object> execution(String authenticator, String requirement, int priority) {
        return Map.of(
                "authenticator", authenticator,
                "authenticatorFlow", false,
                "requirement", requirement,
                "priority", priority,
                "userSetupAllowed", false);
    }

    private Map<String, Object> stockRealm(String name) throws IOException {
        JsonNode vote = JSON.readTree(realmFile.toFile());
        Map<String, Object> realm = new LinkedHashMap<>();
        realm.put("realm", name);
        realm.put("enabled", true);
        realm.put("sslRequired", "external");
        realm.put("passwordPolicy", "hashAlgorithm(argon2)");
        for (String copied : List.of(
                "bruteForceProtected",
                "permanentLockout",
                "bruteForceStrategy",
                "failureFactor",
                "waitIncrementSeconds",
                "maxFailureWaitSeconds",
                "maxDeltaTimeSeconds",
                "quickLoginCheckMilliSeconds",
                "minimumQuickLoginWaitSeconds",
                "maxTemporaryLockouts",
                "ssoSessionIdleTimeout",
                "ssoSessionMaxLifespan",
                "eventsEnabled",
                "eventsExpiration",
                "enabledEventTypes",
                "eventsListeners")) {
            if (vote.has(copied)) {
                realm.put(copied, vote.get(copied));
            }
        }
        realm.put(
                "clients",
                List.of(Map.of(
                        "clientId",
                        STOCK_CLIENT,
                        "enabled",
                        true,
                        "publicClient",
                        true,
                        "standardFlowEnabled",
                        true,
                        "directAccessGrantsEnabled",
                        false,
                        "redirectUris",
                        List.of(REDIRECT_BASE + "/*"),
                        "attributes",
                        Map.of("pkce.code.challenge.method", "S256"))));
        return realm;
    }

    /**
     * Raises the code step's send budget for the run (SEC-B8 defaults allow 3 codes per voter per 15
     * minutes; the benchmark logs each voter in many times): the same work per send, only a higher limit.
     */
    void raiseSendBudget() {
        KeycloakAdmin admin = admin();
        JsonNode executions = admin.get("/admin/realms/" + VOTE_REALM + "/authentication/flows/"
                        + URLEncoder.encode("isoloir voter forms", StandardCharsets.UTF_8)
                                .replace("+", "%20") + "/executions")
                .expect(200)
                .json();
        for (JsonNode execution : executions) {
            if ("isoloir-connection-code".equals(execution.path("providerId").asText())
                    && execution.has("authenticationConfig")) {
                String path = "/admin/realms/" + VOTE_REALM + "/authentication/config/"
                        + execution.get("authenticationConfig").asText();
                JsonNode config = admin.get(path).expect(200).json();
                var updated = (com.fasterxml.jackson.databind.node.ObjectNode) config.deepCopy();
                var values = (com.fasterxml.jackson.databind.node.ObjectNode) updated.get("config");
                values.put("sendsPer15Minutes", "20");
                values.put("sendsPerDay", "100");
                admin.put(path, updated).expect(204);
                return;
            }
        }
        throw new IllegalStateException("no connection-code step with a config in 'isoloir voter forms'");
    }

    /**
     * Voters by email (even numbers) and SMS (odd), with a passphrase to choose or not. {@code group} (1 to 5)
     * keeps each group's mobile numbers apart: +33 6 {group} and seven digits, never an overseas range.
     */
    List<Account> createVoters(String prefix, int group, int count, boolean withPassphrase) throws Exception {
        List<Account> accounts = new ArrayList<>();
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            VoterIdentifier identifier = VoterIdentifier.generate(RANDOM);
            boolean sms = i % 2 == 1;
            String email = sms ? null : prefix + "-" + i + "@bench.isoloir.test";
            String phone = sms ? String.format("+336%d%07d", group, i) : null;
            String passphrase = withPassphrase ? "banc essai " + prefix + " " + i + " riviere orange calme" : null;
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("deliveryChannel", List.of(sms ? "sms" : "email"));
            attributes.put("employeeNumber", List.of("B" + i));
            if (sms) {
                attributes.put("phoneNumber", List.of(phone));
            }
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("username", identifier.username());
            user.put("enabled", true);
            user.put("firstName", "Camille");
            user.put("lastName", "Banc");
            if (email != null) {
                user.put("email", email);
                user.put("emailVerified", true);
            }
            user.put("attributes", attributes);
            // No password in the import: only a passphrase chosen in the login counts (PassphraseSeal), so the
            // benchmark has the voter choose it there first (Benchmark#choosePassphrases).
            users.add(user);
            accounts.add(new Account(identifier.display(), email, phone, passphrase));
        }
        importUsers(VOTE_REALM, users);
        return accounts;
    }

    /** Stock users with a password of the same length as the voters' passphrases. */
    List<Account> createStockUsers(int count) throws Exception {
        return createStockUsers(STOCK_REALM, count, false);
    }

    /** The three-step realm's users: the same passwords, and a TOTP credential whose secret the benchmark knows. */
    List<Account> createThreeStepUsers(int count) throws Exception {
        return createStockUsers(THREE_STEP_REALM, count, true);
    }

    /** The TOTP secret of a three-step user, as Keycloak stores it (secretEncoding unset: the UTF-8 bytes). */
    static String otpSecret(String username) {
        return "bench-totp-" + username;
    }

    private List<Account> createStockUsers(String realm, int count, boolean otp) throws Exception {
        List<Account> accounts = new ArrayList<>();
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String username = "user-" + i;
            String password = "banc essai stock " + i + " riviere orange calme";
            List<Map<String, Object>> credentials = new ArrayList<>();
            credentials.add(Map.of("type", "password", "value", password, "temporary", false));
            if (otp) {
                // Imported as Keycloak exports an OTP credential: the secret in secretData, the policy in
                // credentialData.
                credentials.add(Map.of(
                        "type",
                        "otp",
                        "userLabel",
                        "benchmark",
                        "secretData",
                        JSON.writeValueAsString(Map.of("value", otpSecret(username))),
                        "credentialData",
                        JSON.writeValueAsString(Map.of(
                                "subType",
                                "totp",
                                "digits",
                                6,
                                "counter",
                                0,
                                "period",
                                OTP_PERIOD,
                                "algorithm",
                                "HmacSHA1"))));
            }
            users.add(Map.of(
                    "username",
                    username,
                    "enabled",
                    true,
                    "email",
                    username + "@stock.isoloir.test",
                    "emailVerified",
                    true,
                    "firstName",
                    "Dominique",
                    "lastName",
                    "Banc",
                    "credentials",
                    credentials));
            accounts.add(new Account(username, null, null, password));
        }
        importUsers(realm, users);
        return accounts;
    }

    /** Partial imports in batches, two at a time (the server hashes each password with Argon2). */
    private void importUsers(String realm, List<Map<String, Object>> users) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> batches = new ArrayList<>();
            for (int from = 0; from < users.size(); from += IMPORT_BATCH) {
                List<Map<String, Object>> batch = users.subList(from, Math.min(users.size(), from + IMPORT_BATCH));
                batches.add(pool.submit(() -> admin().post(
                                "/admin/realms/" + realm + "/partialImport",
                                Map.of("ifResourceExists", "FAIL", "users", batch))
                        .expect(200)));
            }
            for (Future<?> batch : batches) {
                batch.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    KeycloakAdmin admin() {
        return nodes.get(0).admin();
    }

    /** The admin REST API with a reused token (for the bulk parts, whose figures per-call logins would skew). */
    AdminApi adminApi() {
        return new AdminApi(baseUri(), KeycloakServer.ADMIN_USERNAME, adminPassword);
    }

    /**
     * Another election realm, made the documented way: realm-export/NewElection.java turns the realm file
     * into this election's realm (placeholders resolved with the fake SMTP server), imported through the
     * admin REST API.
     */
    void createElectionRealm(String realm, String displayName) throws IOException, InterruptedException {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                realmFile.resolveSibling("NewElection.java").toString(),
                "--from",
                realmFile.toString(),
                "--realm",
                realm,
                "--site",
                REDIRECT_BASE,
                "--name",
                displayName,
                "--resolve");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("SMTP_HOST", "127.0.0.1");
        builder.environment().put("SMTP_PORT", Integer.toString(sinks.smtpPort()));
        builder.environment().put("SMTP_FROM", "elections@isoloir.test");
        Process process = builder.start();
        String json = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("NewElection.java failed (exit " + process.exitValue() + ")");
        }
        admin().post("/admin/realms", json).expect(201);
    }

    Logins.Client client(String realm) {
        return new Logins.Client(baseUri().resolve("/realms/" + realm), "voting-site", REDIRECT_BASE + "/callback");
    }

    URI baseUri() {
        return nodes.get(0).baseUri();
    }

    @Override
    public void close() {
        for (KeycloakServer node : nodes.reversed()) {
            node.close();
        }
        sinks.close();
        if (postgres != null) {
            postgres.close();
        }
    }
}
