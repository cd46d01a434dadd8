package fr.isoloir.testsupport.docker;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import fr.isoloir.demo.KeycloakAdmin;
import fr.isoloir.testsupport.TestKeycloak;
import org.testcontainers.Testcontainers;
import org.testcontainers.utility.MountableFile;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The integration tests' Keycloak on Testcontainers-Keycloak ({@code ./mvnw verify -Pdocker}): the
 * official image of the pinned version, the same provider jar and realm file. The fakes run on the
 * host; the container reaches them as host.testcontainers.internal.
 */
public final class ContainerKeycloak implements TestKeycloak {

    private static final String HOST_FROM_CONTAINER = "host.testcontainers.internal";

    private final KeycloakContainer container;

    private ContainerKeycloak(KeycloakContainer container) {
        this.container = container;
    }

    public static TestKeycloak start(Setup setup) {
        setup.hostPorts().forEach(Testcontainers::exposeHostPorts);
        Map<String, String> environment = setup.environment().entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue().replace("127.0.0.1", HOST_FROM_CONTAINER)
                        .replace("localhost", HOST_FROM_CONTAINER)));
        // The voting site is reached by the test's browser, on the host: keep its address as is.
        environment.put("VOTING_SITE_URL", setup.environment().get("VOTING_SITE_URL"));
        environment.put("VOTING_SITE_ORIGIN", setup.environment().get("VOTING_SITE_ORIGIN"));
        KeycloakContainer container = new KeycloakContainer(
                "quay.io/keycloak/keycloak:" + System.getProperty("isoloir.keycloak.version"))
                .withProviderLibsFrom(List.of(setup.providerJar().toFile()))
                .withCopyFileToContainer(MountableFile.forHostPath(setup.realmFile()),
                        "/opt/keycloak/data/import/" + setup.realmFile().getFileName())
                .withCustomCommand("--import-realm")
                .withFeaturesEnabled("declarative-ui")
                .withFeaturesDisabled("impersonation")
                .withEnv(environment)
                .withStartupTimeout(Duration.ofMinutes(4));
        container.start();
        return new ContainerKeycloak(container);
    }

    @Override
    public URI baseUri() {
        String url = container.getAuthServerUrl();
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    @Override
    public KeycloakAdmin admin() {
        return new KeycloakAdmin(baseUri(), container.getAdminUsername(), container.getAdminPassword());
    }

    @Override
    public String output() {
        return container.getLogs();
    }

    @Override
    public void close() {
        container.stop();
    }
}
