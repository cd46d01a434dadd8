package fr.isoloir;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A missing or wrong line in META-INF/services hides a provider silently (Keycloak just does not see it),
 * and two factories with one id in one SPI shadow each other. This reads our own service files, the
 * ones that go into the provider jar, and checks every line.
 */
class ServiceFilesTest {

    /** Service interface name → the class names listed for it. */
    static final Map<String, List<String>> SERVICES = new HashMap<>();

    @BeforeAll
    static void readOurServiceFiles() throws IOException, URISyntaxException {
        Path classes = Path.of(ProviderVersion.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path services = classes.resolve("META-INF/services");
        assertThat(services).as("our compiled resources (%s)", classes).isDirectory();
        try (Stream<Path> files = Files.list(services)) {
            for (Path file : files.toList()) {
                SERVICES.put(
                        file.getFileName().toString(),
                        Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                                .map(line -> line.replaceAll("#.*", "").trim())
                                .filter(line -> !line.isEmpty())
                                .toList());
            }
        }
    }

    static Object instantiate(String service, String className) {
        try {
            Class<?> type = Class.forName(service);
            Class<?> listed = Class.forName(className);
            assertThat(type).as("%s lists %s", service, className).isAssignableFrom(listed);
            assertThat(Modifier.isPublic(listed.getModifiers()) && !Modifier.isAbstract(listed.getModifiers()))
                    .as("%s is a public concrete class", className)
                    .isTrue();
            return listed.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            return fail("%s, listed in META-INF/services/%s, cannot be instantiated: %s", className, service, e);
        }
    }

    @Nested
    class EveryServiceFile {

        @Test
        void namesAServiceInterfaceKeycloakKnowsAndListsAtLeastOneClass() {
            assertThat(SERVICES).isNotEmpty();
            SERVICES.forEach((service, classes) -> {
                assertThat(classes).as(service).isNotEmpty();
                try {
                    assertThat(Class.forName(service).isInterface()
                                    || Modifier.isAbstract(
                                            Class.forName(service).getModifiers()))
                            .as("%s is an interface or abstract class", service)
                            .isTrue();
                } catch (ClassNotFoundException e) {
                    fail("META-INF/services/%s names no class on the class path", service);
                }
            });
        }

        @Test
        void listsOnlyRealClassesImplementingTheServiceThatCanBeInstantiated() {
            SERVICES.forEach((service, classes) -> classes.forEach(className -> {
                Object instance = instantiate(service, className);
                assertThat(instance).isNotNull();
            }));
        }

        @Test
        void listsEachClassOnce() {
            SERVICES.forEach(
                    (service, classes) -> assertThat(classes).as(service).doesNotHaveDuplicates());
        }
    }

    @Nested
    class ProviderIds {

        @Test
        void areSetAndUniqueWithinEachSpi() {
            int factories = 0;
            for (var entry : SERVICES.entrySet()) {
                List<String> ids = new ArrayList<>();
                for (String className : entry.getValue()) {
                    if (instantiate(entry.getKey(), className) instanceof ProviderFactory<?> factory) {
                        assertThat(factory.getId()).as("id of %s", className).isNotBlank();
                        ids.add(factory.getId());
                        factories++;
                    }
                }
                assertThat(ids).as("provider ids in %s", entry.getKey()).doesNotHaveDuplicates();
            }
            assertThat(factories)
                    .as("factories found: the check looked at something")
                    .isGreaterThanOrEqualTo(8);
        }

        @Test
        void includeTheIdsTheRealmAndTheDocumentationUse() {
            Map<String, List<String>> ids = new HashMap<>();
            SERVICES.forEach((service, classes) -> classes.forEach(className -> {
                if (instantiate(service, className) instanceof ProviderFactory<?> factory) {
                    ids.computeIfAbsent(service, s -> new ArrayList<>()).add(factory.getId());
                }
            }));

            assertThat(ids.get("org.keycloak.authentication.AuthenticatorFactory"))
                    .containsExactlyInAnyOrder(
                            "isoloir-identifier",
                            "isoloir-connection-code",
                            "isoloir-passphrase",
                            "isoloir-lost-identifier",
                            "isoloir-election-window",
                            "isoloir-previous-session",
                            "isoloir-cookie");
            assertThat(ids.get("org.keycloak.policy.PasswordPolicyProviderFactory"))
                    .containsExactly("isoloirPassphrase");
            assertThat(ids.get("org.keycloak.credential.CredentialProviderFactory"))
                    .containsExactly("isoloir-postal-code");
            assertThat(ids.get("org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory"))
                    .containsExactly("isoloir");
            assertThat(ids.get("org.keycloak.services.resource.RealmResourceProviderFactory"))
                    .containsExactly("isoloir-gestion");
        }
    }

    @Nested
    class OurOwnSpis {

        @Test
        void haveUniqueNamesAndTheirFactoriesAreListedToo() {
            List<String> names = new ArrayList<>();
            for (String className : SERVICES.getOrDefault(Spi.class.getName(), List.of())) {
                Spi spi = (Spi) instantiate(Spi.class.getName(), className);
                names.add(spi.getName());
                assertThat(SERVICES.get(spi.getProviderFactoryClass().getName()))
                        .as("factories of the %s SPI", spi.getName())
                        .isNotEmpty();
            }
            assertThat(names).isNotEmpty().doesNotHaveDuplicates();
        }
    }
}
