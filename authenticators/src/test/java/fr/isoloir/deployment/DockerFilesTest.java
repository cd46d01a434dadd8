package fr.isoloir.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * What can be checked of docker/ without a Docker engine (none runs on the development machines):
 * the image's Keycloak version is the POM's, the build context (.dockerignore) and build stage, the
 * compose file valid against the Compose specification's schema with its health checks, every
 * placeholder of the realm file passed by compose and every variable compose reads in .env.example,
 * the voting site's stage and service agree with the realm. The Dockerfile's lint rules are in
 * {@link DockerfileRulesTest}.
 */
class DockerFilesTest {

    static final Path ROOT =
            Path.of(System.getProperty("basedir", ".")).resolve("..").normalize();
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    static final Pattern COMPOSE_VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Z][A-Z0-9_]*)");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String COMPOSE_SCHEMA_ADDRESS = "https://raw.githubusercontent.com/compose-spec/compose-spec/"
            + "170098ba07d9f53c383a41bfd4c5166b0a4529a6/schema/compose-spec.json";

    static String read(String path) throws IOException {
        return Files.readString(ROOT.resolve(path));
    }

    static String keycloakVersionOfThePom() throws IOException {
        Matcher matcher =
                Pattern.compile("<keycloak.version>([^<]+)</keycloak.version>").matcher(read("pom.xml"));
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
            String buildLine = stage(read("docker/Dockerfile"), "keycloak-build")
                    .lines()
                    .filter(line -> line.contains("kc.sh build"))
                    .findFirst()
                    .orElseThrow();
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
            Matcher jdk = Pattern.compile("eclipse-temurin:(\\d+)[.-]").matcher(read("docker/Dockerfile"));
            int images = 0;
            while (jdk.find()) {
                images++;
                assertThat(Integer.parseInt(jdk.group(1))).as(jdk.group()).isGreaterThanOrEqualTo(21);
            }
            assertThat(images).as("JDK and JRE images").isEqualTo(2);
        }

        @Test
        void buildsOnlyTheModulesTheImageNeedsWithMavenInABuildKitCache() throws IOException {
            String build = stage(read("docker/Dockerfile"), "build");
            assertThat(build)
                    .contains(
                            "RUN --mount=type=cache,target=/root/.m2",
                            "-pl authenticators,demo -am",
                            "-Dmaven.test.skip=true")
                    .doesNotContain("COPY . .");
        }

        @Test
        void copiesThePomOfEveryModuleTheReactorReads() throws IOException {
            // Maven reads every module the parent lists, even those -pl leaves out: a new module must be copied.
            String build = stage(read("docker/Dockerfile"), "build");
            Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(read("pom.xml"));
            int modules = 0;
            while (module.find()) {
                modules++;
                String name = module.group(1);
                assertThat(build)
                        .as("module " + name + " copied")
                        .containsPattern(
                                "(?m)^COPY " + Pattern.quote(name) + "(/ |/pom\\.xml )" + Pattern.quote(name) + "/$");
            }
            assertThat(modules).isGreaterThanOrEqualTo(3);
        }

        /** The lines of one stage of a multi-stage Dockerfile, from its FROM ... AS name to the next FROM. */
        static String stage(String dockerfile, String name) {
            Matcher from = Pattern.compile("(?m)^FROM .* AS " + Pattern.quote(name) + "\\s*$")
                    .matcher(dockerfile);
            assertThat(from.find()).as("stage " + name).isTrue();
            int next = dockerfile.indexOf("\nFROM ", from.end());
            return dockerfile.substring(from.start(), next < 0 ? dockerfile.length() : next);
        }
    }

    @Nested
    class TheBuildContext {

        @Test
        void leavesOutHistoryDemoDataLocalSecretsBuildOutputAndEditorFiles() throws IOException {
            DockerIgnore ignore = DockerIgnore.at(ROOT);
            assertThat(List.of(
                            ".git/config",
                            ".demo/keycloak-26.7.3/data/h2/keycloakdb.mv.db",
                            "docker/.env",
                            "authenticators/target/isoloir-keycloak-0.1.0-SNAPSHOT.jar",
                            "demo/target/classes/A.class",
                            "target/x",
                            ".idea/workspace.xml",
                            ".vscode/settings.json",
                            "authenticators/isoloir-keycloak.iml"))
                    .allMatch(ignore::excludes);
            assertThat(List.of(
                            "docker/.env.example",
                            "docker/Dockerfile",
                            "authenticators/src/main/java/A.java",
                            "realm-export/vote-realm.json",
                            "mvnw",
                            ".mvn/wrapper/maven-wrapper.properties",
                            "pom.xml"))
                    .noneMatch(ignore::excludes);
        }

        @Test
        void readsDockerignoreAsDockerDoes() {
            DockerIgnore ignore = DockerIgnore.of("# a comment\n/logs\n**/target/\n*.md\n!README.md\ndocs/**/*.png\n");
            assertThat(ignore.excludes("logs/today.log")).isTrue();
            assertThat(ignore.excludes("app/logs"))
                    .as("a leading / anchors at the root, as without it")
                    .isFalse();
            assertThat(ignore.excludes("target/a.jar"))
                    .as("**/ matches no folder too")
                    .isTrue();
            assertThat(ignore.excludes("a/b/target/c/d.jar")).isTrue();
            assertThat(ignore.excludes("CHANGES.md")).isTrue();
            assertThat(ignore.excludes("README.md"))
                    .as("an exception after the rule")
                    .isFalse();
            assertThat(ignore.excludes("docs/README.md"))
                    .as("* stays within the root folder")
                    .isFalse();
            assertThat(ignore.excludes("docs/screens/a.png")).isTrue();
        }
    }

    /** The launch paths other than the image: the demo and tests (start-dev), the cluster test and the benchmark (kc.sh build); the docker profile runs the image. */
    @Nested
    class TheOtherLaunchPaths {

        @Test
        void disableImpersonationInDevelopmentAndAtEveryBuild() throws IOException {
            assertThat(fr.isoloir.keycloakrunner.KeycloakServer.FEATURE_OPTIONS)
                    .contains("--features-disabled=impersonation");
            assertThat(read("keycloak-runner/src/main/java/fr/isoloir/keycloakrunner/KeycloakServer.java"))
                    .contains("mode.addAll(FEATURE_OPTIONS)");
            assertThat(read("authenticators/src/test/java/fr/isoloir/testsupport/IsoloirCluster.java"))
                    .contains("buildOptions.addAll(KeycloakServer.FEATURE_OPTIONS)");
            assertThat(read("benchmark/src/main/java/fr/isoloir/benchmark/BenchServer.java"))
                    .contains("KeycloakServer.FEATURE_OPTIONS");
            // The docker profile runs the image docker/Dockerfile builds (with the option, TheDockerfile).
            assertThat(read("authenticators/src/it-docker/java/fr/isoloir/testsupport/docker/ProjectImage.java"))
                    .contains("\"--file\", \"docker/Dockerfile\"");
        }
    }

    @Nested
    class TheComposeFile {

        @Test
        void parsesAndRunsKeycloakPostgresAndAMailCatcher() throws IOException {
            JsonNode compose = YAML.readTree(read("docker/compose.yaml"));
            assertThat(compose.path("services").has("keycloak")).isTrue();
            assertThat(compose.path("services").has("postgres")).isTrue();
            assertThat(compose.path("services").has("mailpit")).isTrue();
            assertThat(compose.path("services").has("voting-site")).isTrue();
        }

        @Test
        void pinsEveryImageToAVersionSoThatAStackStartsTheSameTomorrow() throws IOException {
            JsonNode services = YAML.readTree(read("docker/compose.yaml")).path("services");
            services.properties().forEach(service -> {
                String image = service.getValue().path("image").asText("");
                if (!image.isEmpty()) {
                    assertThat(image)
                            .as("image of %s", service.getKey())
                            .matches(".+:[^:]*\\d[^:]*")
                            .doesNotEndWith(":latest");
                }
            });
        }

        @Test
        void importsTheRealmAndPointsTheVotingSiteAtIt() throws IOException {
            JsonNode services = YAML.readTree(read("docker/compose.yaml")).path("services");
            assertThat(read("docker/Dockerfile"))
                    .contains("COPY realm-export/vote-realm.json /opt/keycloak/data/import/", "--import-realm");
            String realmName = new ObjectMapper()
                    .readTree(read("realm-export/vote-realm.json"))
                    .path("realm")
                    .asText();
            JsonNode site = services.path("voting-site");
            assertThat(site.path("build").path("target").asText()).isEqualTo("voting-site");
            assertThat(site.path("environment").path("ISSUER").asText()).endsWith("/realms/" + realmName);
            // The demo site calls itself http://127.0.0.1:<PORT>: the realm's redirect URIs must say the same.
            String port = site.path("environment").path("PORT").asText();
            JsonNode keycloak = services.path("keycloak");
            assertThat(keycloak.path("environment").path("VOTING_SITE_URL").asText())
                    .endsWith(":-http://127.0.0.1:" + port + "}");
            assertThat(keycloak.path("ports").toString()).contains("\"" + port + ":" + port + "\"");
            assertThat(site.path("network_mode").asText()).isEqualTo("service:keycloak");
            assertThat(keycloak.path("build").path("target").asText()).isEqualTo("keycloak");
        }

        @Test
        void realmFileHasNoKeyTwice() {
            // A repeated key (two "attributes" objects after a merge) parses, and the first one is lost.
            ObjectMapper strict =
                    new ObjectMapper().enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            assertThatCode(() -> strict.readTree(read("realm-export/vote-realm.json")))
                    .doesNotThrowAnyException();
        }

        @Test
        void givesKeycloakEveryPlaceholderOfTheRealmAndDocumentsEveryVariableItReadsInEnvExample() throws IOException {
            assertThat(variableProblems(
                            read("realm-export/vote-realm.json"),
                            read("docker/compose.yaml"),
                            read("docker/.env.example")))
                    .isEmpty();
        }

        @Test
        void seesAPlaceholderThatComposeDoesNotPassAndAVariableThatEnvExampleLacks() throws IOException {
            String compose = read("docker/compose.yaml").replaceFirst("(?m)^      ISOLOIR_OPENS_AT: .*\n", "");
            String example =
                    read("docker/.env.example").replaceFirst("(?m)^# SMTP_HOST=.*\n", "") + "ISOLOIR_FORGOTTEN=\n";
            assertThat(variableProblems(read("realm-export/vote-realm.json"), compose, example))
                    .containsExactlyInAnyOrder(
                            "ISOLOIR_OPENS_AT: a placeholder of the realm that compose.yaml does not pass to keycloak",
                            "SMTP_HOST: read by compose.yaml, absent from .env.example",
                            "ISOLOIR_FORGOTTEN: in .env.example, read by nothing in compose.yaml",
                            "ISOLOIR_OPENS_AT: in .env.example, read by nothing in compose.yaml");
        }

        @Test
        void isValidAgainstTheComposeSpecification() throws IOException {
            assertThat(composeSchemaErrors(read("docker/compose.yaml"))).isEmpty();
        }

        @Test
        void aBrokenCopyFailsTheComposeSpecification() throws IOException {
            String misspelled =
                    read("docker/compose.yaml").replace("      start_period: 60s", "      start_periode: 60s");
            assertThat(composeSchemaErrors(misspelled))
                    .singleElement()
                    .asString()
                    .contains("start_periode");
            String badCondition =
                    read("docker/compose.yaml").replace("condition: service_healthy", "condition: healthy");
            assertThat(composeSchemaErrors(badCondition)).isNotEmpty();
        }

        @Test
        void startsKeycloakOnceItsDatabaseIsHealthyAndTheSiteOnceKeycloakIsHealthy() throws IOException {
            JsonNode services = YAML.readTree(read("docker/compose.yaml")).path("services");
            assertThat(services.path("keycloak")
                            .path("depends_on")
                            .path("postgres")
                            .path("condition")
                            .asText())
                    .isEqualTo("service_healthy");
            assertThat(services.path("voting-site")
                            .path("depends_on")
                            .path("keycloak")
                            .path("condition")
                            .asText())
                    .isEqualTo("service_healthy");
            assertThat(services.path("postgres")
                            .path("healthcheck")
                            .path("test")
                            .toString())
                    .contains("pg_isready");
            // Keycloak's readiness, on the management port the image enables (KC_HEALTH_ENABLED at build).
            assertThat(services.path("keycloak")
                            .path("healthcheck")
                            .path("test")
                            .toString())
                    .contains("/dev/tcp/127.0.0.1/9000", "GET /health/ready ", " 200 ");
            assertThat(TheDockerfile.stage(read("docker/Dockerfile"), "keycloak-build"))
                    .contains("KC_HEALTH_ENABLED=true");
        }
    }

    /** The schema errors of a compose file, as the Compose specification's JSON schema (src/test/resources/compose-spec) gives them. */
    static List<String> composeSchemaErrors(String compose) throws IOException {
        try (var schemaFile = DockerFilesTest.class.getResourceAsStream("/compose-spec/compose-spec.json")) {
            // The schema's own $id is relative ("compose_spec.json"): it is read as if from its published address.
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                    .getSchema(SchemaLocation.of(COMPOSE_SCHEMA_ADDRESS), schemaFile, InputFormat.JSON);
            return schema.validate(compose, InputFormat.YAML).stream()
                    .map(com.networknt.schema.Error::toString)
                    .toList();
        }
    }

    /**
     * What breaks the chain realm placeholder → compose's keycloak environment → .env.example: a realm
     * placeholder compose does not pass (Keycloak sees only its container's environment), a variable
     * compose reads that .env.example does not list (commented out for the optional ones), a variable
     * .env.example lists that compose never reads.
     */
    static List<String> variableProblems(String realm, String compose, String envExample) throws IOException {
        List<String> problems = new ArrayList<>();
        JsonNode environment =
                YAML.readTree(compose).path("services").path("keycloak").path("environment");
        Set<String> placeholders = new TreeSet<>();
        PLACEHOLDER.matcher(realm).results().forEach(match -> placeholders.add(match.group(1)));
        for (String placeholder : placeholders) {
            if (!environment.has(placeholder)) {
                problems.add(placeholder + ": a placeholder of the realm that compose.yaml does not pass to keycloak");
            }
        }
        Set<String> read = new TreeSet<>();
        COMPOSE_VARIABLE.matcher(compose).results().forEach(match -> read.add(match.group(1)));
        Set<String> documented = new TreeSet<>();
        Pattern.compile("(?m)^#? *([A-Z][A-Z0-9_]*)=")
                .matcher(envExample)
                .results()
                .forEach(match -> documented.add(match.group(1)));
        for (String variable : read) {
            if (!documented.contains(variable)) {
                problems.add(variable + ": read by compose.yaml, absent from .env.example");
            }
        }
        for (String variable : documented) {
            if (!read.contains(variable)) {
                problems.add(variable + ": in .env.example, read by nothing in compose.yaml");
            }
        }
        return problems;
    }
}
