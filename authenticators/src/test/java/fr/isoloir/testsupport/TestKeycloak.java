package fr.isoloir.testsupport;

import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.keycloakrunner.KeycloakServer;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Keycloak the integration tests run against: by default the distribution started as a process
 * (no Docker needed); with {@code -Pdocker}, the project's own image from docker/Dockerfile (src/it-docker/java).
 */
public interface TestKeycloak extends AutoCloseable {

    URI baseUri();

    KeycloakAdmin admin();

    /** Everything the server has printed so far (to prove what never reaches its log). */
    String output();

    @Override
    void close();

    /** Stops the server and starts it again with the same database, port and settings. */
    default void restart() throws Exception {
        throw new UnsupportedOperationException("This test server cannot restart");
    }

    /**
     * What a test server needs: the jar and realm to install, the environment (realm placeholders and
     * SPI options as {@code KC_SPI_...}), and host ports of the fakes it must reach (SMTP, Twilio).
     */
    record Setup(
            Path providerJar,
            Path realmFile,
            String realmName,
            Map<String, String> environment,
            List<Integer> hostPorts) {}

    /**
     * How long Keycloak may take to start: its first start builds (augments) the distribution, which takes
     * minutes on a loaded machine; -Disoloir.keycloak.startMinutes=... to change it.
     */
    // On a loaded machine the first start (augmentation, schema) can take long: -Disoloir.keycloak.startMinutes=
    java.time.Duration STARTUP_PATIENCE =
            java.time.Duration.ofMinutes(Long.getLong("isoloir.keycloak.startMinutes", 10));

    /** Starts the server the build asked for ({@code -Disoloir.test.server=docker} from the docker profile). */
    static TestKeycloak start(Setup setup, int port, Path keycloakHome, Path log) throws Exception {
        if ("docker".equals(System.getProperty("isoloir.test.server"))) {
            try {
                return (TestKeycloak) Class.forName("fr.isoloir.testsupport.docker.ContainerKeycloak")
                        .getMethod("start", Setup.class)
                        .invoke(null, setup);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause() instanceof Exception cause
                        ? cause
                        : e; // the container's own failure, not the reflection's
            }
        }
        KeycloakServer.Settings settings = new KeycloakServer.Settings(
                keycloakHome,
                setup.providerJar(),
                setup.realmFile(),
                setup.realmName(),
                port,
                "admin-" + System.nanoTime(),
                true,
                setup.environment(),
                List.of(),
                log,
                null,
                STARTUP_PATIENCE);
        var server = new java.util.concurrent.atomic.AtomicReference<>(KeycloakServer.start(settings));
        // A restarted server writes to a second log (the first one is kept whole); output() reads both.
        Path restartLog = log.resolveSibling(log.getFileName().toString().replace(".log", "-restarted.log"));
        java.nio.file.Files.deleteIfExists(restartLog);
        return new TestKeycloak() {
            @Override
            public URI baseUri() {
                return server.get().baseUri();
            }

            @Override
            public KeycloakAdmin admin() {
                return server.get().admin();
            }

            @Override
            public String output() {
                try {
                    String output = java.nio.file.Files.readString(log, java.nio.charset.StandardCharsets.UTF_8);
                    return java.nio.file.Files.exists(restartLog)
                            ? output
                                    + java.nio.file.Files.readString(
                                            restartLog, java.nio.charset.StandardCharsets.UTF_8)
                            : output;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public void restart() throws Exception {
                server.get().close();
                server.set(KeycloakServer.start(new KeycloakServer.Settings(
                        settings.home(),
                        settings.providerJar(),
                        settings.realmFile(),
                        settings.realmName(),
                        port,
                        settings.adminPassword(),
                        false,
                        settings.environment(),
                        settings.options(),
                        restartLog,
                        null,
                        settings.startTimeout())));
            }

            @Override
            public void close() {
                server.get().close();
            }
        };
    }
}
