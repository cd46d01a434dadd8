package fr.isoloir.testsupport.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import fr.isoloir.demo.KeycloakAdmin;
import fr.isoloir.testsupport.TestKeycloak;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The integration tests' Keycloak as the project's image ({@code ./mvnw verify -Pdocker}): the
 * {@code keycloak} stage of docker/Dockerfile built by {@link ProjectImage}, started as compose.yaml
 * starts it (its own command, start --optimized --import-realm, on PostgreSQL of compose.yaml's image,
 * ready when the management port's /health/ready says so). The realm is the one the image copied; the
 * fakes (SMTP, Twilio) run on the host and the container reaches them as host.testcontainers.internal.
 */
public final class ContainerKeycloak implements TestKeycloak {

    private static final String HOST_FROM_CONTAINER = "host.testcontainers.internal";
    private static final String ADMIN = "admin";

    private final Network network;
    private final GenericContainer<?> postgres;
    private final GenericContainer<?> keycloak;
    private final String adminPassword;

    private ContainerKeycloak(Network network, GenericContainer<?> postgres, GenericContainer<?> keycloak, String adminPassword) {
        this.network = network;
        this.postgres = postgres;
        this.keycloak = keycloak;
        this.adminPassword = adminPassword;
    }

    public static TestKeycloak start(Setup setup) throws Exception {
        Path context = Path.of(System.getProperty("isoloir.build.context"));
        Path logs = setup.providerJar().getParent();
        String image = ProjectImage.build(context, "keycloak", logs.resolve("docker-build-keycloak.log"));

        setup.hostPorts().forEach(Testcontainers::exposeHostPorts);
        Map<String, String> environment = new HashMap<>();
        setup.environment().forEach((key, value) -> environment.put(key,
                value.replace("127.0.0.1", HOST_FROM_CONTAINER).replace("localhost", HOST_FROM_CONTAINER)));
        // The voting site is reached by the test's browser, on the host: keep its address as is.
        environment.put("VOTING_SITE_URL", setup.environment().get("VOTING_SITE_URL"));
        environment.put("VOTING_SITE_ORIGIN", setup.environment().get("VOTING_SITE_ORIGIN"));

        String databasePassword = UUID.randomUUID().toString();
        String adminPassword = UUID.randomUUID().toString();
        Network network = Network.newNetwork();
        GenericContainer<?> postgres = new GenericContainer<>(DockerImageName.parse(composeImage(context, "postgres")))
                .withNetwork(network)
                .withNetworkAliases("postgres")
                .withEnv(Map.of("POSTGRES_DB", "keycloak", "POSTGRES_USER", "keycloak", "POSTGRES_PASSWORD", databasePassword))
                // As compose.yaml's health check: over TCP, which only the final server listens on.
                .waitingFor(Wait.forSuccessfulCommand("pg_isready --host=127.0.0.1 --username=keycloak --dbname=keycloak"));
        postgres.start();
        GenericContainer<?> keycloak = new GenericContainer<>(DockerImageName.parse(image))
                .withNetwork(network)
                .withExposedPorts(8080, 9000)
                .withEnv(environment)
                // What compose.yaml gives, with the test's passwords; the address is the mapped port's.
                .withEnv("KC_DB_URL", "jdbc:postgresql://postgres:5432/keycloak")
                .withEnv("KC_DB_USERNAME", "keycloak")
                .withEnv("KC_DB_PASSWORD", databasePassword)
                .withEnv("KC_HTTP_ENABLED", "true")
                .withEnv("KC_HOSTNAME_STRICT", "false")
                .withEnv("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN)
                .withEnv("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword)
                .waitingFor(Wait.forHttp("/health/ready").forPort(9000).forStatusCode(200)
                        .withStartupTimeout(TestKeycloak.STARTUP_PATIENCE));
        try {
            keycloak.start();
        } catch (RuntimeException e) {
            postgres.stop();
            network.close();
            throw e;
        }
        return new ContainerKeycloak(network, postgres, keycloak, adminPassword);
    }

    /** The image compose.yaml gives a service (the test runs the same PostgreSQL). */
    static String composeImage(Path context, String service) throws java.io.IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(context.resolve("docker/compose.yaml").toFile())
                .path("services").path(service).path("image").asText();
    }

    @Override
    public URI baseUri() {
        return URI.create("http://" + keycloak.getHost() + ":" + keycloak.getMappedPort(8080));
    }

    @Override
    public KeycloakAdmin admin() {
        return new KeycloakAdmin(baseUri(), ADMIN, adminPassword);
    }

    @Override
    public String output() {
        return keycloak.getLogs();
    }

    @Override
    public void close() {
        keycloak.stop();
        postgres.stop();
        network.close();
    }
}
