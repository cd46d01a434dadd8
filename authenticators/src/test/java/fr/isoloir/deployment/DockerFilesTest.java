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

/**
 * What can be checked of docker/ without a Docker engine (none runs on the development machines):
 * the image's Keycloak version is the POM's, the compose file parses, and every placeholder of the
 * realm file is given by the compose stack or documented in .env.example.
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
    }

    @Nested
    class TheComposeFile {

        @Test
        void parsesAndRunsKeycloakPostgresAndAMailCatcher() throws IOException {
            JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(read("docker/compose.yaml"));
            assertThat(compose.path("services").has("keycloak")).isTrue();
            assertThat(compose.path("services").has("postgres")).isTrue();
            assertThat(compose.path("services").has("mailpit")).isTrue();
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
                boolean defaulted = read("realm-export/vote-realm.json").contains("${" + placeholder + ":");
                assertThat(environment.has(placeholder) || example.contains(placeholder + "=") || defaulted)
                        .as(placeholder + " given by compose, documented in .env.example, or defaulted in the realm")
                        .isTrue();
            }
            assertThat(environment.has("VOTING_SITE_URL")).as("the voting site is set by the stack").isTrue();
        }
    }
}
