package fr.isoloir.testsupport.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's own image, built from docker/Dockerfile as an operator builds it: {@code docker build}
 * with BuildKit, from the repository root, so that .dockerignore, the Maven cache mount and the stages
 * are the ones under test. (Testcontainers' ImageFromDockerfile speaks the engine's legacy build API,
 * which refuses {@code RUN --mount}.)
 */
public final class ProjectImage {

    static final Duration BUILD_PATIENCE = Duration.ofMinutes(Long.getLong("isoloir.docker.buildMinutes", 30));

    private ProjectImage() {
    }

    /** Whether a Docker engine answers the docker command here (JUnit's @EnabledIf for the image tests). */
    public static boolean dockerAnswers() {
        try {
            Process info = new ProcessBuilder("docker", "info", "--format", "{{.ServerVersion}}")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return info.waitFor(30, TimeUnit.SECONDS) && info.exitValue() == 0;
        } catch (IOException e) {
            return false;   // no docker command
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Builds one stage of docker/Dockerfile (BuildKit) and returns the image's tag; the build's output goes to a log. */
    static String build(Path context, String target, Path log) throws IOException, InterruptedException {
        String tag = "isoloir-" + target + ":it";
        ProcessBuilder build = new ProcessBuilder("docker", "build", "--file", "docker/Dockerfile", "--target", target,
                "--tag", tag, "--progress=plain", ".")
                .directory(context.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        build.environment().put("DOCKER_BUILDKIT", "1");
        Process process = build.start();
        if (!process.waitFor(BUILD_PATIENCE.toMinutes(), TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("docker build of " + target + " took more than " + BUILD_PATIENCE + "; see " + log);
        }
        if (process.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            throw new IllegalStateException("docker build of " + target + " failed (" + log + "):\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        }
        return tag;
    }
}
