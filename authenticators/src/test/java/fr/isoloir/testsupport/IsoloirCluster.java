package fr.isoloir.testsupport;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.icegreen.greenmail.util.GreenMail;
import fr.isoloir.demo.site.DemoVotingSite;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.keycloakrunner.KeycloakServer;
import fr.isoloir.keycloakrunner.PrivatePostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Two Keycloak nodes in production mode forming one cluster, as an operator runs them: the distribution
 * built once for PostgreSQL ({@code kc.sh build --db=postgres}), then {@code start --optimized} twice on
 * loopback with their own HTTP, management and embedded-cache (JGroups) ports, sharing one private
 * PostgreSQL and finding each other the default way of Keycloak 26 (the {@code jdbc-ping} stack: each
 * node writes its address in the database). In front, a load balancer (a WireMock proxy) that the test
 * points at one node or the other between two requests, the way a non-sticky balancer or a node
 * failure would move a voter; both nodes have the balancer's address as {@code --hostname}, so pages,
 * cookies and tokens are the same whichever node answers. Behind the voting site and the fakes of
 * {@link IsoloirServer}.
 */
public final class IsoloirCluster implements AutoCloseable {

    public static final String REALM = IsoloirServer.REALM;
    private static final Duration CLUSTER_FORMING = Duration.ofMinutes(2);

    /** One Keycloak node of the cluster. */
    public record Node(String name, KeycloakServer server, Path log, int cachePort) {
        public String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final PrivatePostgres postgres;
    private final GreenMail smtp;
    private final WireMockServer twilio;
    private final WireMockServer balancer;
    private final List<Node> nodes;
    private final DemoVotingSite site;
    private final String adminPassword;

    private IsoloirCluster(
            PrivatePostgres postgres,
            GreenMail smtp,
            WireMockServer twilio,
            WireMockServer balancer,
            List<Node> nodes,
            DemoVotingSite site,
            String adminPassword) {
        this.postgres = postgres;
        this.smtp = smtp;
        this.twilio = twilio;
        this.balancer = balancer;
        this.nodes = nodes;
        this.site = site;
        this.adminPassword = adminPassword;
    }

    /** Starts PostgreSQL, the fakes, the balancer, node A, then node B, and waits until they form one cluster. */
    public static IsoloirCluster start(Path workDir) throws Exception {
        Path home = Path.of(System.getProperty("isoloir.keycloak.home"));
        Path providerJar = IsoloirServer.providerJar();
        KeycloakServer.deleteRecursively(workDir);
        Files.createDirectories(workDir);

        PrivatePostgres postgres = PrivatePostgres.start(workDir);
        GreenMail smtp = IsoloirServer.startSmtp();
        WireMockServer twilio = IsoloirServer.startTwilio();
        WireMockServer balancer = new WireMockServer(options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .proxyTimeout(60_000)
                .disableRequestJournal());
        balancer.start();
        int sitePort = IsoloirServer.freePort();
        String adminPassword = "admin-" + System.nanoTime();

        // One distribution built for PostgreSQL, copied for the second node: each node has its own data/.
        Path homeA = workDir.resolve("node-a");
        Path homeB = workDir.resolve("node-b");
        KeycloakServer.copyDistribution(home, homeA);
        // Which SPI provider is used is a build option, like the database: given once, here.
        List<String> buildOptions = new ArrayList<>(List.of("--db=postgres", "--spi-sms-sender--provider=twilio"));
        buildOptions.addAll(KeycloakServer.FEATURE_OPTIONS);
        KeycloakServer.build(homeA, providerJar, buildOptions, workDir.resolve("build.log"));
        KeycloakServer.copyDistribution(homeA, homeB);

        Map<String, String> environment =
                new HashMap<>(IsoloirServer.environment("http://127.0.0.1:" + sitePort, smtp, twilio));
        environment.remove("KC_SPI_SMS_SENDER__PROVIDER");
        environment.put("KC_DB_URL", postgres.jdbcUrl());
        environment.put("KC_DB_USERNAME", PrivatePostgres.USER);
        environment.put("KC_DB_PASSWORD", PrivatePostgres.PASSWORD);
        // Six engineers' builds share this machine: a modest heap per node.
        environment.put("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx768m");
        String hostname = "http://127.0.0.1:" + balancer.port();

        List<Node> nodes = new ArrayList<>();
        try {
            for (String name : List.of("a", "b")) {
                Path nodeHome = name.equals("a") ? homeA : homeB;
                int cachePort = IsoloirServer.freePort();
                Path log = workDir.resolve("node-" + name + ".log");
                KeycloakServer server = KeycloakServer.start(new KeycloakServer.Settings(
                        nodeHome,
                        providerJar,
                        IsoloirServer.realmFile(),
                        REALM,
                        0,
                        adminPassword,
                        false,
                        environment,
                        List.of(
                                "--hostname=" + hostname,
                                "--http-enabled=true",
                                // A readable node name in the cluster views ("[node-a|1] (2) [node-a, node-b]").
                                "--spi-cache-embedded-default-node-name=node-" + name,
                                "--cache-embedded-network-bind-address=127.0.0.1",
                                "--cache-embedded-network-bind-port=" + cachePort),
                        // The first start creates the schema: minutes on a machine shared by several builds.
                        log,
                        null,
                        Duration.ofMinutes(10),
                        true));
                Node node = new Node(name, server, log, cachePort);
                nodes.add(node);
                if (name.equals("a")) {
                    route(balancer, node);
                }
            }
        } catch (Exception | Error e) {
            nodes.forEach(n -> n.server().close());
            balancer.stop();
            twilio.stop();
            smtp.stop();
            postgres.close();
            throw e;
        }
        DemoVotingSite site =
                DemoVotingSite.start(DemoVotingSite.Settings.forIssuer(URI.create(hostname + "/realms/" + REALM))
                        .withPort(sitePort));
        IsoloirCluster cluster = new IsoloirCluster(postgres, smtp, twilio, balancer, nodes, site, adminPassword);
        cluster.awaitMembers(2);
        return cluster;
    }

    public Node nodeA() {
        return nodes.get(0);
    }

    public Node nodeB() {
        return nodes.get(1);
    }

    /**
     * Starts a stopped or killed node again with its settings (same home, options and cluster port; a new
     * HTTP port and a log of its own) and waits until both nodes see a cluster of two again.
     */
    public Node restart(Node node) throws Exception {
        KeycloakServer.Settings old = node.server().settings();
        Path log = node.log().resolveSibling(node.log().getFileName().toString().replace(".log", "-restarted.log"));
        Files.deleteIfExists(log);
        KeycloakServer server = KeycloakServer.start(new KeycloakServer.Settings(
                old.home(),
                old.providerJar(),
                old.realmFile(),
                old.realmName(),
                0,
                old.adminPassword(),
                false,
                old.environment(),
                old.options(),
                log,
                null,
                old.startTimeout(),
                old.production()));
        Node restarted = new Node(node.name(), server, log, node.cachePort());
        nodes.set(nodes.indexOf(node), restarted);
        awaitMembers(2);
        return restarted;
    }

    /** Sends every following request (voter, voting site, admin) to this node. */
    public void routeTo(Node node) {
        route(balancer, node);
    }

    private static void route(WireMockServer balancer, Node node) {
        balancer.resetMappings();
        balancer.stubFor(WireMock.any(anyUrl())
                .willReturn(aResponse().proxiedFrom(node.server().baseUri().toString())));
    }

    /** The address voters, the voting site and admins use: the balancer's. */
    public URI publicUri() {
        return URI.create("http://127.0.0.1:" + balancer.port());
    }

    /** The admin REST API through the balancer, so on the node it points at. */
    public KeycloakAdmin admin() {
        return new KeycloakAdmin(publicUri(), KeycloakServer.ADMIN_USERNAME, adminPassword);
    }

    public Voters voters() {
        return new Voters(admin(), REALM);
    }

    public Mailbox mailbox() {
        return new Mailbox(smtp);
    }

    public DemoVotingSite votingSite() {
        return site;
    }

    public PrivatePostgres postgres() {
        return postgres;
    }

    /**
     * The latest Infinispan cluster view a node has logged ("ISPN000094: Received new cluster view for
     * channel ISPN: [a|1] (2) [a, b]"), or null.
     */
    public static String lastClusterView(Node node) {
        return KeycloakServer.lastClusterView(node.output());
    }

    /** Members in a node's latest cluster view, 0 when it has logged none. */
    public static int members(Node node) {
        return KeycloakServer.clusterMembers(node.output());
    }

    private void awaitMembers(int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(CLUSTER_FORMING);
        while (Instant.now().isBefore(deadline)) {
            if (nodes.stream().allMatch(n -> members(n) == count)) {
                return;
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException(
                "The nodes did not form a cluster of " + count + " within " + CLUSTER_FORMING + ": node A's view "
                        + lastClusterView(nodes.get(0)) + ", node B's view " + lastClusterView(nodes.get(1)));
    }

    @Override
    public void close() {
        site.close();
        nodes.forEach(n -> n.server().close());
        balancer.stop();
        twilio.stop();
        smtp.stop();
        postgres.close();
    }
}
