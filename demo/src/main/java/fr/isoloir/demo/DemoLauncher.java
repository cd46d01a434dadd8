package fr.isoloir.demo;

import fr.isoloir.demo.site.DemoVotingSite;
import fr.isoloir.keycloakrunner.KeycloakServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code ./run.sh}: Keycloak with the Isoloir jar and the election realm, the demo voting site, and
 * three demo voters, one per channel. Identifiers and codes are "delivered" by development channels
 * that print them here, so the whole journey works without SMTP or Twilio.
 */
public final class DemoLauncher {

    static final String REALM = "vote";
    static final String ADMIN_PASSWORD = "admin";
    /** Lines from Keycloak worth showing in the demo console; everything goes to the log file. */
    private static final Pattern LOG_RECORD_START = Pattern.compile("^\\d{4}-\\d{2}-\\d{2} ");

    private DemoLauncher() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = DemoOptions.parse(args);
        Path home = Path.of(options.get("home"));
        int port = Integer.parseInt(options.get("port"));
        int sitePort = Integer.parseInt(options.get("site-port"));
        requireFree(port, "Keycloak");
        requireFree(sitePort, "the demo voting site");

        URI keycloakUri = URI.create("http://localhost:" + port);
        DemoVotingSite site =
                DemoVotingSite.start(DemoVotingSite.Settings.forIssuer(keycloakUri.resolve("/realms/" + REALM))
                        .withPort(sitePort));
        Runtime.getRuntime().addShutdownHook(new Thread(site::close, "demo-site-stop"));

        warnWhenTheRealmFileChanged(home, Path.of(options.get("realm")));
        System.out.println("Isoloir demo: starting Keycloak (first start about a minute; output in "
                + home.resolve("keycloak.log") + ") ...");
        KeycloakServer keycloak = KeycloakServer.start(new KeycloakServer.Settings(
                home,
                Path.of(options.get("provider")),
                Path.of(options.get("realm")),
                REALM,
                port,
                ADMIN_PASSWORD,
                false,
                Map.of(
                        "VOTING_SITE_URL",
                        site.baseUri().toString(),
                        "VOTING_SITE_ORIGIN",
                        site.baseUri().toString()),
                List.of("--spi-sms-sender--provider=console", "--spi-email-sender--provider=isoloir-console"),
                home.resolve("keycloak.log"),
                developmentChannelEcho(),
                Duration.ofMinutes(5)));

        // The postal letters are encrypted to a printer's key: the demo plays the printer, with a key pair
        // of its own in .demo/printer/ (made at the first start), to read the postal voter's letter code.
        frenchLoginForManagers(keycloak);
        DemoPrinter printer = DemoPrinter.inFolder(home.resolveSibling("printer"));
        printer.install(keycloak.admin(), REALM);
        List<DemoVoters.Shown> voters = new DemoVoters(keycloak.admin(), REALM, printer).ensure();
        printBanner(keycloak, site, voters);
        keycloak.awaitExit();
    }

    /**
     * The demo owns its master realm (made by its own first start): French is offered on master's login
     * page, so that a manager signing in to the Espace gestionnaire (which asks ui_locales=fr) reads it in
     * French. English stays the default, so the admin console itself does not change language. On a real
     * server this is the operator's choice (docs/production.md).
     */
    private static void frenchLoginForManagers(KeycloakServer keycloak) {
        keycloak.admin()
                .put(
                        "/admin/realms/master",
                        Map.of(
                                "internationalizationEnabled",
                                true,
                                "supportedLocales",
                                List.of("en", "fr"),
                                "defaultLocale",
                                "en"))
                .expect(204);
    }

    /** Echoes the development channels' blocks (and errors) from Keycloak's output to this console. */
    private static Consumer<String> developmentChannelEcho() {
        AtomicBoolean inBlock = new AtomicBoolean(false);
        return line -> {
            boolean recordStart = LOG_RECORD_START.matcher(line).find();
            if (recordStart) {
                inBlock.set(line.contains("[ISOLOIR DEV"));
            }
            if (inBlock.get() || (recordStart && line.contains(" ERROR "))) {
                System.out.println(line);
            }
        };
    }

    private static void printBanner(KeycloakServer keycloak, DemoVotingSite site, List<DemoVoters.Shown> voters) {
        String rule = "=".repeat(78);
        StringBuilder banner = new StringBuilder("\n")
                .append(rule)
                .append('\n')
                .append("  Isoloir demo is running. Ctrl-C stops it; data stays in .demo/ (delete it to start over).\n")
                .append(rule)
                .append('\n')
                .append("  Voting site (a voter starts here): ")
                .append(site.baseUri())
                .append("/\n")
                .append("  Admin console:  ")
                .append(keycloak.baseUri())
                .append("/admin/master/console/#/")
                .append(REALM)
                .append("   (user admin, password ")
                .append(ADMIN_PASSWORD)
                .append(")\n")
                .append(
                        "    its menu still has Send identifiers; voter import by REST call (try demo/voters-example.csv,\n")
                .append(
                        "    docs/election.md); the Espace gestionnaire is also under Clients > isoloir-gestion > Home URL\n")
                .append("  Espace gestionnaire (dashboard, sending, election settings, in French): ")
                .append(keycloak.baseUri())
                .append("/realms/")
                .append(REALM)
                .append("/isoloir-gestion/   (admin / ")
                .append(ADMIN_PASSWORD)
                .append(")\n\n")
                .append("  Demo voters:\n");
        for (DemoVoters.Shown voter : voters) {
            banner.append(String.format(
                            "   - %-7s %s   identifier %s%n", voter.channel(), voter.name(), voter.identifier()))
                    .append("             ")
                    .append(voter.howToLogIn())
                    .append('\n');
        }
        banner.append("\n  First login: each voter chooses a passphrase of 20+ characters; later logins ask for it.\n")
                .append(
                        "  Lost identifier: follow \"Identifiant oublié ou perdu\" and type camille.martin@example.org\n")
                .append("  or 06 12 34 56 78; the new identifier is printed below like the codes. The old one works\n")
                .append("  until the new one is first used.\n")
                .append(
                        "  Codes sent by email or SMS appear below in lines marked [ISOLOIR DEV EMAIL] / [ISOLOIR DEV SMS].\n")
                .append(rule)
                .append('\n');
        System.out.println(banner);
    }

    /**
     * Keycloak imports the realm only when it does not exist yet, so a demo database made with an
     * older realm file keeps the older flows. Says so, and how to start over.
     */
    private static void warnWhenTheRealmFileChanged(Path home, Path realmFile) throws IOException {
        Path recorded = home.resolveSibling("realm-file.sha256");
        String digest = sha256(Files.readAllBytes(realmFile));
        boolean databaseExists = Files.isDirectory(home.resolve("data/h2"));
        if (databaseExists
                && Files.exists(recorded)
                && !Files.readString(recorded).trim().equals(digest)) {
            System.out.println(
                    "Isoloir demo: " + realmFile + " changed since the demo realm was created; Keycloak keeps"
                            + " the realm it has. To use the new file, stop the demo, delete .demo/ and run ./run.sh again.");
            return;
        }
        if (!databaseExists || !Files.exists(recorded)) {
            Files.writeString(recorded, digest + "\n");
        }
    }

    private static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void requireFree(int port, String what) {
        try (ServerSocket ignored = new ServerSocket(port)) {
            // free
        } catch (IOException inUse) {
            System.err.println("Port " + port + " (for " + what + ") is in use. Stop what uses it, or choose another "
                    + "port: ./run.sh --port 8180 --site-port 8181");
            System.exit(2);
        }
    }

    /** Command-line options with the demo's defaults. */
    static final class DemoOptions {
        private DemoOptions() {}

        static Map<String, String> parse(String[] args) throws IOException {
            Map<String, String> options = new java.util.HashMap<>(Map.of("port", "8080", "site-port", "8081"));
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("Unexpected argument " + args[i]);
                }
                options.put(args[i].substring(2), args[i + 1]);
            }
            for (String required : List.of("home", "provider", "realm")) {
                if (!options.containsKey(required)) {
                    throw new IllegalArgumentException("Missing --" + required + " (use ./run.sh)");
                }
            }
            if (!Files.isRegularFile(Path.of(options.get("provider")))) {
                throw new IOException(
                        "No provider jar at " + options.get("provider") + ": build it first (./run.sh does)");
            }
            return options;
        }
    }
}
