package fr.isoloir.testsupport.docker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dasniko.testcontainers.keycloak.KeycloakContainer;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.testsupport.TestKeycloak;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.utility.DockerImageName;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The integration tests' Keycloak as the project's image ({@code ./mvnw verify -Pdocker}): the
 * {@code keycloak} stage of docker/Dockerfile built by {@link ProjectImage}, started by
 * Testcontainers-Keycloak as compose.yaml starts it: {@code start --optimized --import-realm} (the
 * image's own command), on PostgreSQL of compose.yaml's image (plain Testcontainers), ready when the
 * management port's /health/ready says so. The realm is the one the image copied; the fakes (SMTP,
 * Twilio) run on the host and the container reaches them as host.testcontainers.internal.
 */
public final class ContainerKeycloak implements TestKeycloak {

    private static final String HOST_FROM_CONTAINER = "host.testcontainers.internal";

    private final Network network;
    private final GenericContainer<?> postgres;
    private final KeycloakContainer keycloak;

    private ContainerKeycloak(Network network, GenericContainer<?> postgres, KeycloakContainer keycloak) {
        this.network = network;
        this.postgres = postgres;
        this.keycloak = keycloak;
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
        Network network = Network.newNetwork();
        GenericContainer<?> postgres = new GenericContainer<>(DockerImageName.parse(composeImage(context, "postgres")))
                .withNetwork(network)
                .withNetworkAliases("postgres")
                .withEnv(Map.of("POSTGRES_DB", "keycloak", "POSTGRES_USER", "keycloak", "POSTGRES_PASSWORD", databasePassword))
                // As compose.yaml's health check: over TCP, which only the final server listens on.
                .waitingFor(Wait.forSuccessfulCommand("pg_isready --host=127.0.0.1 --username=keycloak --dbname=keycloak"));
        postgres.start();
        KeycloakContainer keycloak = null;
        try {
            keycloak = new KeycloakContainer(DockerImageName.parse(image))
                    // The tag was just built here, not pushed: never pull it (the library's default pulls
                    // an image older than a day, and a cached build keeps its first creation date).
                    .withImagePullPolicy(PullPolicy.defaultPolicy())
                    // start --optimized --import-realm: kc.sh build options stay those the Dockerfile built
                    // (database, SMS provider, health, metrics).
                    .withOptimizedFlag()
                    // The image's build features, given again as environment (KC_FEATURES...): equal to
                    // the built ones, so nothing to warn about ("--features-disabled" on the command line
                    // is refused with --optimized).
                    .withFeaturesEnabled("declarative-ui")
                    .withFeaturesDisabled("impersonation")
                    .withNetwork(network)
                    .withAdminUsername("admin")
                    .withAdminPassword(UUID.randomUUID().toString())
                    .withEnv(environment)
                    // What compose.yaml gives, with the test's passwords; the address is the mapped port's.
                    .withEnv("KC_DB_URL", "jdbc:postgresql://postgres:5432/keycloak")
                    .withEnv("KC_DB_USERNAME", "keycloak")
                    .withEnv("KC_DB_PASSWORD", databasePassword)
                    .withEnv("KC_HTTP_ENABLED", "true")
                    .withEnv("KC_HOSTNAME_STRICT", "false")
                    .withStartupTimeout(TestKeycloak.STARTUP_PATIENCE);
            keycloak.start();
        } catch (RuntimeException e) {
            if (keycloak != null) {
                keycloak.stop();
            }
            postgres.stop();
            network.close();
            throw e;
        }
        return new ContainerKeycloak(network, postgres, keycloak);
    }

    /** The image compose.yaml gives a service (the test runs the same PostgreSQL). */
    static String composeImage(Path context, String service) throws java.io.IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(context.resolve("docker/compose.yaml").toFile())
                .path("services").path(service).path("image").asText();
    }

    @Override
    public URI baseUri() {
        return URI.create(keycloak.getAuthServerUrl());
    }

    @Override
    public KeycloakAdmin admin() {
        return new KeycloakAdmin(baseUri(), keycloak.getAdminUsername(), keycloak.getAdminPassword());
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
