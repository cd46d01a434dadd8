package fr.isoloir.deployment;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static fr.isoloir.deployment.DockerFilesTest.ROOT;
import static fr.isoloir.deployment.DockerFilesTest.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/Dockerfile linted by {@link DockerfileRules}, then each rule shown to fail on a deliberately
 * broken copy of the same file.
 */
class DockerfileRulesTest {

    static List<String> problemsOf(String dockerfile) throws IOException {
        return DockerfileRules.problems(dockerfile, ROOT, DockerIgnore.at(ROOT));
    }

    static String dockerfile() throws IOException {
        return read("docker/Dockerfile");
    }

    @Nested
    class TheProjectDockerfile {

        @Test
        void breaksNoRule() throws IOException {
            assertThat(problemsOf(dockerfile())).isEmpty();
        }
    }

    @Nested
    class ABrokenCopy {

        @Test
        void withALatestBaseImageIsRefused() throws IOException {
            String broken = dockerfile().replaceFirst("FROM eclipse-temurin:\\S+", "FROM eclipse-temurin:latest");
            assertThat(problemsOf(broken)).singleElement().asString().contains("eclipse-temurin:latest", "latest");
        }

        @Test
        void withAnUntaggedBaseImageIsRefused() throws IOException {
            String broken = dockerfile().replaceFirst("FROM eclipse-temurin:\\S+-jre-\\S+", "FROM eclipse-temurin");
            assertThat(problemsOf(broken)).singleElement().asString().contains("not pinned");
        }

        @Test
        void whoseVersionArgumentHasNoDefaultIsRefused() throws IOException {
            String broken = dockerfile().replace("ARG KEYCLOAK_VERSION=26.7.3", "ARG KEYCLOAK_VERSION");
            assertThat(problemsOf(broken))
                    .hasSize(2)
                    .allMatch(problem -> problem.contains("quay.io/keycloak/keycloak: is not pinned"));
        }

        @Test
        void addingAUrlIsRefused() throws IOException {
            String broken = dockerfile()
                    .replace("USER 1000\n# Health", "ADD https://example.org/tool.tar.gz /opt/\nUSER 1000\n# Health");
            assertThat(problemsOf(broken))
                    .singleElement()
                    .asString()
                    .contains("ADD fetches https://example.org/tool.tar.gz");
        }

        @Test
        void runningAsRootIsRefused() throws IOException {
            String withoutUser = dockerfile().replace("USER 1000\n# Health", "# Health");
            assertThat(problemsOf(withoutUser)).singleElement().asString().contains("runs as root (no USER");
            String asRoot = dockerfile().replace("USER 1000\nEXPOSE 8081", "USER root\nEXPOSE 8081");
            assertThat(problemsOf(asRoot)).singleElement().asString().contains("runs as root", "USER root");
        }

        @Test
        void withASecretInEnvOrArgIsRefused() throws IOException {
            String broken = dockerfile()
                    .replace(
                            "    KC_METRICS_ENABLED=true \\",
                            "    KC_METRICS_ENABLED=true \\\n    KC_DB_PASSWORD=keycloak \\")
                    .replace("ARG KEYCLOAK_VERSION=26.7.3", "ARG KEYCLOAK_VERSION=26.7.3\nARG TWILIO_AUTH_TOKEN");
            assertThat(problemsOf(broken))
                    .hasSize(2)
                    .anyMatch(problem -> problem.contains("ENV KC_DB_PASSWORD"))
                    .anyMatch(problem -> problem.contains("ARG TWILIO_AUTH_TOKEN"));
        }

        @Test
        void copyingAFileThatIsNotThereIsRefused() throws IOException {
            String broken =
                    dockerfile().replace("COPY realm-export/vote-realm.json", "COPY realm-export/other-realm.json");
            assertThat(problemsOf(broken))
                    .singleElement()
                    .asString()
                    .contains("realm-export/other-realm.json is missing");
        }

        @Test
        void copyingWhatDockerignoreLeavesOutIsRefused() throws IOException {
            DockerIgnore ignoringTheRealm =
                    DockerIgnore.of(Files.readString(ROOT.resolve(".dockerignore")) + "\nrealm-export/\n");
            assertThat(DockerfileRules.problems(dockerfile(), ROOT, ignoringTheRealm))
                    .singleElement()
                    .asString()
                    .contains(
                            "realm-export/vote-realm.json is missing from the build context or left out by .dockerignore");
        }
    }
}
