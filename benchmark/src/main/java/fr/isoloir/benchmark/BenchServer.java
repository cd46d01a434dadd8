package fr.isoloir.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.keycloakrunner.KeycloakServer;

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
 * Keycloak in production mode (kc.sh build, then start --optimized; embedded H2 file database, local
 * caches: one node) with the provider jar and the election realm, wired to the fake providers, plus a
 * comparison realm {@value #STOCK_REALM} on Keycloak's stock browser flow with the same hashing.
 */
final class BenchServer implements AutoCloseable {

    static final String VOTE_REALM = "vote";
    static final String STOCK_REALM = "stock";
    static final String STOCK_CLIENT = "bench-client";
    /** Nothing listens there: a login ends on the redirect, which is never fetched. */
    static final String REDIRECT_BASE = "http://127.0.0.1:9";

    static final List<String> BUILD_OPTIONS = java.util.stream.Stream.concat(
                    java.util.stream.Stream.of("--db=dev-file"), KeycloakServer.FEATURE_OPTIONS.stream())
            .toList();
    /**
     * The heap docs/production.md recommends per node; kc.sh's own default outside a container is 512 MiB,
     * which a 100,000-voter import fills (measured: GC-bound, 8.6 to 10.3 min).
     */
    static final String HEAP = "-Xms512m -Xmx2g";

    static final String DATABASE = "H2 (embedded file database, dev-file), local caches, heap " + HEAP;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IMPORT_BATCH = 25;

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

    final KeycloakServer keycloak;
    final CodeSinks sinks;
    private final Path realmFile;
    private final String adminPassword;

    private BenchServer(KeycloakServer keycloak, CodeSinks sinks, Path realmFile, String adminPassword) {
        this.keycloak = keycloak;
        this.sinks = sinks;
        this.realmFile = realmFile;
        this.adminPassword = adminPassword;
    }

    static BenchServer start(Options options) throws Exception {
        CodeSinks sinks = CodeSinks.start();
        Files.createDirectories(options.workDir());
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
        environment.put("KC_CACHE", "local");
        environment.put("JAVA_OPTS_KC_HEAP", HEAP);
        if (options.jfr() != null) {
            environment.put(
                    "JAVA_OPTS_APPEND",
                    "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + options.jfr());
        }
        // The operator's way to raise a Quarkus limit Keycloak has no option for: conf/quarkus.properties.
        Files.writeString(
                options.home().resolve("conf/quarkus.properties"),
                "# written by the benchmark\n" + MAX_BODY_SIZE + "\n");
        String adminPassword = "admin-" + System.nanoTime();
        KeycloakServer keycloak = KeycloakServer.startOptimized(
                new KeycloakServer.Settings(
                        options.home(),
                        options.providerJar(),
                        options.realmFile(),
                        VOTE_REALM,
                        0,
                        adminPassword,
                        true,
                        environment,
                        SENDING_OPTIONS,
                        options.workDir().resolve("keycloak.log"),
                        null,
                        Duration.ofMinutes(6)),
                BUILD_OPTIONS);
        return new BenchServer(keycloak, sinks, options.realmFile(), adminPassword);
    }

    /** The Keycloak JVM (kc.sh's child), whose CPU time the benchmark reads. */
    ProcessHandle jvm() {
        return keycloak.process()
                .descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no Keycloak JVM under kc.sh"));
    }

    Logins.Client voterClient() {
        return new Logins.Client(keycloak.realmUri(), "voting-site", REDIRECT_BASE + "/callback");
    }

    Logins.Client stockClient() {
        return new Logins.Client(
                keycloak.baseUri().resolve("/realms/" + STOCK_REALM), STOCK_CLIENT, REDIRECT_BASE + "/callback");
    }

    /**
     * The comparison realm: Keycloak's stock browser flow (username and password form), the election
     * realm's password hashing (Argon2, Keycloak's parameters), brute-force and event settings.
     */
    void createStockRealm() throws IOException {
        JsonNode vote = JSON.readTree(realmFile.toFile());
        Map<String, Object> realm = new LinkedHashMap<>();
        realm.put("realm", STOCK_REALM);
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
        admin().post("/admin/realms", realm).expect(201);
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
        List<Account> accounts = new ArrayList<>();
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String username = "user-" + i;
            String password = "banc essai stock " + i + " riviere orange calme";
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
                    List.of(Map.of("type", "password", "value", password, "temporary", false))));
            accounts.add(new Account(username, null, null, password));
        }
        importUsers(STOCK_REALM, users);
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
        return keycloak.admin();
    }

    /** The admin REST API with a reused token (for the bulk parts, whose figures per-call logins would skew). */
    AdminApi adminApi() {
        return new AdminApi(keycloak.baseUri(), KeycloakServer.ADMIN_USERNAME, adminPassword);
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
        return new Logins.Client(
                keycloak.baseUri().resolve("/realms/" + realm), "voting-site", REDIRECT_BASE + "/callback");
    }

    URI baseUri() {
        return keycloak.baseUri();
    }

    @Override
    public void close() {
        keycloak.close();
        sinks.close();
    }
}
