package fr.isoloir.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.isoloir.demo.site.DemoVotingSite;
import fr.isoloir.keycloakrunner.KeycloakServer;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another election beside "vote" on the test server, made the documented way: realm-export/NewElection.java
 * turns the realm file into this election's realm, imported through the admin REST API, with its own demo
 * voting site. Closing it deletes the realm.
 */
public final class ElectionRealm implements AutoCloseable {

    private final IsoloirServer server;
    private final String realm;
    private final DemoVotingSite site;

    private ElectionRealm(IsoloirServer server, String realm, DemoVotingSite site) {
        this.server = server;
        this.realm = realm;
        this.site = site;
    }

    public static ElectionRealm create(IsoloirServer server, String realm, String displayName) throws Exception {
        int sitePort = KeycloakServer.freePort();
        String file = newElection(
                server,
                "--realm",
                realm,
                "--site",
                "http://127.0.0.1:" + sitePort + "/",
                "--name",
                displayName,
                "--resolve");
        server.admin().post("/admin/realms", new ObjectMapper().readTree(file)).expect(201);
        DemoVotingSite site = DemoVotingSite.start(
                DemoVotingSite.Settings.forIssuer(URI.create(server.baseUri() + "/realms/" + realm))
                        .withPort(sitePort));
        return new ElectionRealm(server, realm, site);
    }

    /** Runs the tool as the operator does, with the SMTP settings of the test server in its environment. */
    public static String newElection(IsoloirServer server, String... arguments)
            throws IOException, InterruptedException {
        Path realmFile = Path.of(System.getProperty("isoloir.realm.file"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                realmFile.resolveSibling("NewElection.java").toString(),
                "--from",
                realmFile.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("SMTP_HOST", "127.0.0.1");
        builder.environment().put("SMTP_PORT", Integer.toString(server.smtpPort()));
        builder.environment().put("SMTP_FROM", "elections-2027@isoloir.test");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("NewElection exit code").isZero();
        return output;
    }

    public String name() {
        return realm;
    }

    public DemoVotingSite site() {
        return site;
    }

    /** {@code /admin/realms/{realm}/isoloir/} + the rest. */
    public String isoloirPath(String rest) {
        return "/admin/realms/" + realm + "/isoloir/" + rest;
    }

    /**
     * Sends every voter of this election their identifier (both channels, at the highest rates) over
     * REST, and waits until the send has finished.
     */
    public void sendIdentifiersAndWait() throws InterruptedException {
        var admin = server.admin();
        String send = admin.post(
                        isoloirPath("identifier-sendings"),
                        java.util.Map.of("channel", "both", "emailRate", 6000, "smsRate", 6000))
                .expect(201)
                .json()
                .get("id")
                .asText();
        java.time.Instant deadline = java.time.Instant.now().plus(java.time.Duration.ofMinutes(3));
        while (!"finished"
                .equals(admin.get(isoloirPath("identifier-sendings/" + send))
                        .expect(200)
                        .json()
                        .get("state")
                        .asText())) {
            assertThat(java.time.Instant.now())
                    .as("the send of %s finishes", realm)
                    .isBefore(deadline);
            Thread.sleep(250); // polling the REST API: nothing to wait on
        }
    }

    @Override
    public void close() {
        site.close();
        server.admin().delete("/admin/realms/" + realm);
    }
}
