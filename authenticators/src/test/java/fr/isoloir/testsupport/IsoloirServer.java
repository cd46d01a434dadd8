package fr.isoloir.testsupport;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import fr.isoloir.demo.site.DemoVotingSite;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.keycloakrunner.KeycloakServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * One real Keycloak for the whole test run, started from the distribution with the provider jar the
 * build just made and the realm of realm-export/, wired to a real SMTP server (GreenMail), a fake
 * Twilio HTTP API (WireMock, spoken to by the real Twilio SDK) and the demo voting site as the relying
 * party. Test classes get it as a parameter: {@code @ExtendWith(IsoloirServer.Extension.class)}.
 */
public final class IsoloirServer implements AutoCloseable {

    public static final String REALM = "vote";
    public static final String TWILIO_ACCOUNT = "AC00000000000000000000000000000000";
    public static final String TWILIO_FROM = "+33700000000";

    private final GreenMail smtp;
    private final WireMockServer twilio;
    private final DemoVotingSite site;
    private final TestKeycloak keycloak;

    private IsoloirServer(GreenMail smtp, WireMockServer twilio, DemoVotingSite site, TestKeycloak keycloak) {
        this.smtp = smtp;
        this.twilio = twilio;
        this.site = site;
        this.keycloak = keycloak;
    }

    static IsoloirServer start() throws Exception {
        GreenMail smtp = startSmtp();
        WireMockServer twilio = startTwilio();

        // The site's port is chosen first: the realm's redirect URIs need it before Keycloak starts,
        // and the site needs Keycloak's address, known only once Keycloak runs (a container maps ports).
        int sitePort = KeycloakServer.freePort();
        Path providerJar = providerJar();
        TestKeycloak keycloak = TestKeycloak.start(
                new TestKeycloak.Setup(
                        providerJar,
                        realmFile(),
                        REALM,
                        withSendingSettings(environment("http://127.0.0.1:" + sitePort, smtp, twilio)),
                        List.of(smtp.getSmtp().getPort(), twilio.port())),
                KeycloakServer.freePort(),
                Path.of(System.getProperty("isoloir.keycloak.home")),
                providerJar.getParent().resolve("keycloak-it.log"));
        DemoVotingSite site = DemoVotingSite.start(
                DemoVotingSite.Settings.forIssuer(URI.create(keycloak.baseUri() + "/realms/" + REALM))
                        .withPort(sitePort));
        return new IsoloirServer(smtp, twilio, site, keycloak);
    }

    /** The jar the build just made, which the tests install. */
    static Path providerJar() {
        return Path.of(System.getProperty("isoloir.provider.jar"));
    }

    static Path realmFile() {
        return Path.of(System.getProperty("isoloir.realm.file"));
    }

    static GreenMail startSmtp() {
        GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        return smtp;
    }

    static WireMockServer startTwilio() {
        WireMockServer twilio = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        twilio.start();
        FakeTwilio.acceptAll(twilio);
        return twilio;
    }

    /** The realm placeholders and SPI options that wire a test Keycloak to the voting site and the fakes. */
    static Map<String, String> environment(String votingSiteUrl, GreenMail smtp, WireMockServer twilio) {
        return Map.ofEntries(
                Map.entry("VOTING_SITE_URL", votingSiteUrl),
                Map.entry(
                        "VOTING_SITE_ORIGIN",
                        URI.create(votingSiteUrl).resolve("/").toString().replaceAll("/$", "")),
                Map.entry("SMTP_HOST", "127.0.0.1"),
                Map.entry("SMTP_PORT", Integer.toString(smtp.getSmtp().getPort())),
                Map.entry("SMTP_FROM", "elections@isoloir.test"),
                Map.entry("KC_SPI_SMS_SENDER__PROVIDER", "twilio"),
                Map.entry("KC_SPI_SMS_SENDER__TWILIO__ACCOUNT_SID", TWILIO_ACCOUNT),
                Map.entry("KC_SPI_SMS_SENDER__TWILIO__AUTH_TOKEN", "test-token-not-a-secret"),
                Map.entry("KC_SPI_SMS_SENDER__TWILIO__FROM", TWILIO_FROM),
                Map.entry("KC_SPI_SMS_SENDER__TWILIO__API_BASE_URL", twilio.baseUrl()),
                Map.entry("KC_SPI_SMS_SENDER__TWILIO__READ_TIMEOUT_MS", "2000"));
    }

    static int freePort() {
        try {
            return KeycloakServer.freePort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * "Send identifiers" with short ticks and outage pauses, so that the tests of jobs take seconds;
     * the rates are set per job by the tests.
     */
    private static Map<String, String> withSendingSettings(Map<String, String> environment) {
        Map<String, String> all = new java.util.HashMap<>(environment);
        all.put("KC_SPI_UI_PAGE__SEND_IDENTIFIERS__TICK_SECONDS", "2");
        all.put("KC_SPI_UI_PAGE__SEND_IDENTIFIERS__OUTAGE_PAUSE_SECONDS", "3");
        // A job whose node stopped is taken over within seconds, not a minute (VoterImportIT's restart test);
        // still several times a batch's time on a loaded machine.
        all.put("KC_SPI_JPA_ENTITY_PROVIDER__ISOLOIR_JOBS__LEASE_SECONDS", "10");
        all.put("KC_SPI_JPA_ENTITY_PROVIDER__ISOLOIR_JOBS__CHECK_SECONDS", "2");
        // Sessions of a closed election end within seconds, not half a minute (ElectionClosingIT).
        all.put("KC_SPI_AUTHENTICATOR__ISOLOIR_ELECTION_WINDOW__CLOSING_CHECK_SECONDS", "2");
        return all;
    }

    /**
     * Stops Keycloak (SIGTERM, as an operator's restart) and starts it again on the same port with the
     * same database, and waits until it is ready: for tests of what survives a restart.
     */
    public void restartKeycloak() throws Exception {
        keycloak.restart();
    }

    public URI baseUri() {
        return keycloak.baseUri();
    }

    /** The server's output so far. */
    public String serverOutput() {
        return keycloak.output();
    }

    public KeycloakAdmin admin() {
        return keycloak.admin();
    }

    public Voters voters() {
        return voters(REALM);
    }

    /** Voters of another realm of this server (another election). */
    public Voters voters(String realm) {
        return new Voters(admin(), realm);
    }

    /** The SMTP server's port, for a realm a test imports itself. */
    public int smtpPort() {
        return smtp.getSmtp().getPort();
    }

    public Mailbox mailbox() {
        return new Mailbox(smtp);
    }

    public FakeTwilio twilio() {
        return new FakeTwilio(twilio);
    }

    public DemoVotingSite votingSite() {
        return site;
    }

    /** Keycloak's base address, for admin clients logging in as someone else than the test admin. */
    public URI keycloakUri() {
        return keycloak.baseUri();
    }

    public URI realmUri() {
        return URI.create(keycloak.baseUri() + "/realms/" + REALM);
    }

    @Override
    public void close() {
        site.close();
        keycloak.close();
        twilio.stop();
        smtp.stop();
    }

    /** Starts the server once per test run and hands it to test classes, constructors or methods. */
    public static final class Extension implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == IsoloirServer.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot()
                    .getStore(ExtensionContext.Namespace.GLOBAL)
                    .computeIfAbsent(
                            IsoloirServer.class,
                            key -> {
                                try {
                                    return IsoloirServer.start();
                                } catch (Exception e) {
                                    throw new IllegalStateException(
                                            "Could not start the test server: " + e.getMessage(), e);
                                }
                            },
                            IsoloirServer.class);
        }
    }
}
