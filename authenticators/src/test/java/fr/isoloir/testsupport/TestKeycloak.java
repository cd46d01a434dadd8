package fr.isoloir.testsupport;

import fr.isoloir.demo.KeycloakAdmin;
import fr.isoloir.demo.KeycloakServer;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Keycloak the integration tests run against: by default the distribution started as a process
 * (no Docker needed); with {@code -Pdocker}, Testcontainers-Keycloak (src/it-docker/java).
 */
public interface TestKeycloak extends AutoCloseable {

    URI baseUri();

    KeycloakAdmin admin();

    /** Everything the server has printed so far (to prove what never reaches its log). */
    String output();

    @Override
    void close();

    /**
     * What a test server needs: the jar and realm to install, the environment (realm placeholders and
     * SPI options as {@code KC_SPI_...}), and host ports of the fakes it must reach (SMTP, Twilio).
     */
    record Setup(Path providerJar, Path realmFile, String realmName, Map<String, String> environment, List<Integer> hostPorts) {
    }

    /**
     * How long Keycloak may take to start: its first start builds (augments) the distribution, which takes
     * minutes on a loaded machine; -Disoloir.keycloak.startup.minutes=... to change it.
     */
    java.time.Duration STARTUP_PATIENCE = java.time.Duration.ofMinutes(Long.getLong("isoloir.keycloak.startup.minutes", 10));

    /** Starts the server the build asked for ({@code -Disoloir.test.server=docker} from the docker profile). */
    static TestKeycloak start(Setup setup, int port, Path keycloakHome, Path log) throws Exception {
        if ("docker".equals(System.getProperty("isoloir.test.server"))) {
            return (TestKeycloak) Class.forName("fr.isoloir.testsupport.docker.ContainerKeycloak")
                    .getMethod("start", Setup.class).invoke(null, setup);
        }
        KeycloakServer server = KeycloakServer.start(new KeycloakServer.Settings(keycloakHome, setup.providerJar(),
                setup.realmFile(), setup.realmName(), port, "admin-" + System.nanoTime(), true, setup.environment(),
                List.of(), log, null, STARTUP_PATIENCE));
        return new TestKeycloak() {
            @Override
            public URI baseUri() {
                return server.baseUri();
            }

            @Override
            public KeycloakAdmin admin() {
                return server.admin();
            }

            @Override
            public String output() {
                try {
                    return java.nio.file.Files.readString(log, java.nio.charset.StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
