package fr.isoloir.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * What can be checked of docker/ without a Docker engine (none runs on the development machines):
 * the image's Keycloak version is the POM's, the compose file parses, and every placeholder of the
 * realm file is given by the compose stack or documented in .env.example, the voting site's stage
 * and service agree with the realm.
 */
class DockerFilesTest {

    static final Path ROOT = Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");

    static String read(String path) throws IOException {
        return Files.readString(ROOT.resolve(path));
    }

    static String keycloakVersionOfThePom() throws IOException {
        Matcher matcher = Pattern.compile("<keycloak.version>([^<]+)</keycloak.version>").matcher(read("pom.xml"));
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    @Nested
    class TheDockerfile {

        @Test
        void buildsOnTheKeycloakVersionOfThePom() throws IOException {
            assertThat(read("docker/Dockerfile")).contains("ARG KEYCLOAK_VERSION=" + keycloakVersionOfThePom());
        }

        @Test
        void startsOptimizedAsANonRootUser() throws IOException {
            String dockerfile = read("docker/Dockerfile");
            assertThat(dockerfile).contains("kc.sh build", "--optimized", "USER 1000");
        }

        @Test
        void buildsForPostgresWithTheSmsProviderAsBuildOptions() throws IOException {
            // Build options given only at start are refused by start --optimized (seen in ClusterIT).
            String buildStage = stage(read("docker/Dockerfile"), "keycloak-build");
            assertThat(buildStage).contains("KC_DB=postgres", "KC_SPI_SMS_SENDER__PROVIDER=twilio", "kc.sh build");
        }

        @Test
        void buildsWithImpersonationDisabledSoThatNoAdministratorOpensASessionAsAVoter() throws IOException {
            String buildLine = stage(read("docker/Dockerfile"), "keycloak-build").lines()
                    .filter(line -> line.contains("kc.sh build")).findFirst().orElseThrow();
            assertThat(buildLine).contains("--features-disabled=impersonation");
        }

        @Test
        void runsTheDemoVotingSiteOnAJreAsANonRootUser() throws IOException {
            String site = stage(read("docker/Dockerfile"), "voting-site");
            assertThat(site).contains("-jre", "isoloir-demo-", "fr.isoloir.demo.site.DemoVotingSite", "USER 1000");
            assertThat(Files.readString(ROOT.resolve("demo/src/main/java/fr/isoloir/demo/site/DemoVotingSite.java")))
                    .contains("public static void main(String[] args)", "System.getenv(\"ISSUER\")");
        }

        @Test
        void usesTheJdkMajorVersionKeycloakNeeds() throws IOException {
            Matcher jdk = Pattern.compile("eclipse-temurin:(\\d+)-").matcher(read("docker/Dockerfile"));
            while (jdk.find()) {
                assertThat(Integer.parseInt(jdk.group(1))).as(jdk.group()).isGreaterThanOrEqualTo(21);
            }
        }

        /** The lines of one stage of a multi-stage Dockerfile, from its FROM ... AS name to the next FROM. */
        static String stage(String dockerfile, String name) {
            Matcher from = Pattern.compile("(?m)^FROM .* AS " + Pattern.quote(name) + "\\s*$").matcher(dockerfile);
            assertThat(from.find()).as("stage " + name).isTrue();
            int next = dockerfile.indexOf("\nFROM ", from.end());
            return dockerfile.substring(from.start(), next < 0 ? dockerfile.length() : next);
        }
    }

    /** The launch paths other than the image: the demo and tests (start-dev), the cluster test and the benchmark (kc.sh build). */
    @Nested
    class TheOtherLaunchPaths {

        @Test
        void disableImpersonationInDevelopmentAndAtEveryBuild() throws IOException {
            assertThat(fr.isoloir.demo.KeycloakServer.FEATURE_OPTIONS).contains("--features-disabled=impersonation");
            assertThat(read("demo/src/main/java/fr/isoloir/demo/KeycloakServer.java"))
                    .contains("mode.addAll(FEATURE_OPTIONS)");
            assertThat(read("authenticators/src/test/java/fr/isoloir/testsupport/IsoloirCluster.java"))
                    .contains("buildOptions.addAll(KeycloakServer.FEATURE_OPTIONS)");
            assertThat(read("benchmark/src/main/java/fr/isoloir/benchmark/BenchServer.java"))
                    .contains("KeycloakServer.FEATURE_OPTIONS");
            assertThat(read("authenticators/src/it-docker/java/fr/isoloir/testsupport/docker/ContainerKeycloak.java"))
                    .contains(".withFeaturesDisabled(\"impersonation\")");
        }
    }

    @Nested
    class TheComposeFile {

        @Test
        void parsesAndRunsKeycloakPostgresAndAMailCatcher() throws IOException {
            JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(read("docker/compose.yaml"));
            assertThat(compose.path("services").has("keycloak")).isTrue();
            assertThat(compose.path("services").has("postgres")).isTrue();
            assertThat(compose.path("services").has("mailpit")).isTrue();
            assertThat(compose.path("services").has("voting-site")).isTrue();
        }

        @Test
        void pinsEveryImageToAVersionSoThatAStackStartsTheSameTomorrow() throws IOException {
            JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(read("docker/compose.yaml")).path("services");
            services.properties().forEach(service -> {
                String image = service.getValue().path("image").asText("");
                if (!image.isEmpty()) {
                    assertThat(image).as("image of %s", service.getKey()).matches(".+:[^:]*\\d[^:]*")
                            .doesNotEndWith(":latest");
                }
            });
        }

        @Test
        void importsTheRealmAndPointsTheVotingSiteAtIt() throws IOException {
            JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(read("docker/compose.yaml")).path("services");
            assertThat(read("docker/Dockerfile")).contains("COPY realm-export/vote-realm.json /opt/keycloak/data/import/",
                    "--import-realm");
            String realmName = new ObjectMapper().readTree(read("realm-export/vote-realm.json")).path("realm").asText();
            JsonNode site = services.path("voting-site");
            assertThat(site.path("build").path("target").asText()).isEqualTo("voting-site");
            assertThat(site.path("environment").path("ISSUER").asText()).endsWith("/realms/" + realmName);
            // The demo site calls itself http://127.0.0.1:<PORT>: the realm's redirect URIs must say the same.
            String port = site.path("environment").path("PORT").asText();
            JsonNode keycloak = services.path("keycloak");
            assertThat(keycloak.path("environment").path("VOTING_SITE_URL").asText()).endsWith(":-http://127.0.0.1:" + port + "}");
            assertThat(keycloak.path("ports").toString()).contains("\"" + port + ":" + port + "\"");
            assertThat(site.path("network_mode").asText()).isEqualTo("service:keycloak");
            assertThat(keycloak.path("build").path("target").asText()).isEqualTo("keycloak");
        }

        @Test
        void takesEveryVariableItUsesFromEnvExampleOrADefault() throws IOException {
            String example = read("docker/.env.example");
            Matcher variable = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:?[-?])?").matcher(read("docker/compose.yaml"));
            while (variable.find()) {
                boolean defaulted = variable.group(2) != null && variable.group(2).endsWith("-");
                assertThat(defaulted || example.contains(variable.group(1) + "="))
                        .as(variable.group(1) + " defaulted in compose.yaml or documented in .env.example").isTrue();
            }
        }

        @Test
        void realmFileHasNoKeyTwice() {
            // A repeated key (two "attributes" objects after a merge) parses, and the first one is lost.
            ObjectMapper strict = new ObjectMapper().enable(
                    com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            assertThatCode(() -> strict.readTree(read("realm-export/vote-realm.json"))).doesNotThrowAnyException();
        }

        @Test
        void givesEveryPlaceholderOfTheRealmFileOrDocumentsIt() throws IOException {
            Set<String> placeholders = new TreeSet<>();
            Matcher matcher = PLACEHOLDER.matcher(read("realm-export/vote-realm.json"));
            while (matcher.find()) {
                placeholders.add(matcher.group(1));
            }
            assertThat(placeholders).contains("VOTING_SITE_URL", "SMTP_HOST");
            JsonNode environment = new ObjectMapper(new YAMLFactory()).readTree(read("docker/compose.yaml"))
                    .path("services").path("keycloak").path("environment");
            String example = read("docker/.env.example");
            for (String placeholder : placeholders) {
                assertThat(environment.has(placeholder) || example.contains(placeholder + "="))
                        .as(placeholder + " given by compose or documented in .env.example").isTrue();
            }
            assertThat(environment.has("VOTING_SITE_URL")).as("the voting site is set by the stack").isTrue();
        }
    }
}
