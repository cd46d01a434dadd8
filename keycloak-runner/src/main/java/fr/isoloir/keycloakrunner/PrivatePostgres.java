package fr.isoloir.keycloakrunner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL of its own for a test or a benchmark run: {@code initdb} into a fresh folder under target/, started with
 * {@code pg_ctl} on a free loopback port, stopped and deleted by {@link #close()}. Uses the server
 * installed on the machine (Debian's {@code postgresql} package: /usr/lib/postgresql/N/bin; or
 * {@code -Disoloir.postgres.bin=}). PostgreSQL refuses to run as root: as root, its commands run as the
 * {@code postgres} user that the package creates.
 */
public final class PrivatePostgres implements AutoCloseable {

    public static final String DATABASE = "keycloak";
    public static final String USER = "keycloak";
    /** A throw-away password of a throw-away server that listens on loopback only. */
    public static final String PASSWORD = "keycloak-test-only";

    private final Path bin;
    private final Path dataDir;
    private final int port;

    private PrivatePostgres(Path bin, Path dataDir, int port) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
    }

    public static PrivatePostgres start(Path parent) throws IOException, InterruptedException {
        Path bin = binaries();
        // Absolute: pg_ctl's socket and lock files are relative to the server's own working directory otherwise.
        Path dir = Files.createDirectories(parent.toAbsolutePath()).resolve("postgres-" + System.nanoTime());
        Path data = dir.resolve("data");
        Files.createDirectories(dir);
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
        if (isRoot()) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
        }
        PrivatePostgres postgres = new PrivatePostgres(bin, data, KeycloakServer.freePort());
        postgres.runAsOwner(List.of(
                bin.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                USER,
                "--auth=scram-sha-256",
                "--pwfile=" + passwordFile,
                "-E",
                "UTF8",
                "--locale=C.UTF-8"));
        postgres.runAsOwner(List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-w",
                "-t",
                "120",
                "-l",
                dir.resolve("postgres.log").toString(),
                "-o",
                "-p " + postgres.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200",
                "start"));
        postgres.runAsOwner(List.of(
                bin.resolve("psql").toString(),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(postgres.port),
                "-U",
                USER,
                "-d",
                "postgres",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                "CREATE DATABASE " + DATABASE));
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "postgres-stop"));
        return postgres;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The first column of the first row of a query on the Keycloak database, through psql. */
    public String query(String sql) {
        try {
            return runAsOwner(List.of(
                            bin.resolve("psql").toString(),
                            "-h",
                            "127.0.0.1",
                            "-p",
                            Integer.toString(port),
                            "-U",
                            USER,
                            "-d",
                            DATABASE,
                            "-v",
                            "ON_ERROR_STOP=1",
                            "-tAc",
                            sql))
                    .strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return;
        }
        try {
            runAsOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"));
            KeycloakServer.deleteRecursively(dataDir.getParent());
        } catch (IOException e) {
            System.err.println("Could not stop the private PostgreSQL in " + dataDir + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String runAsOwner(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        return run(full);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", PASSWORD);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("PostgreSQL command failed: " + String.join(" ", command) + "\n" + output);
        }
        return output;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The newest PostgreSQL server installed, or a message saying what to install. */
    private static Path binaries() throws IOException {
        String configured = System.getProperty("isoloir.postgres.bin");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                var newest = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(b -> Integer.parseInt(
                                b.getParent().getFileName().toString().replaceAll("\\D", "0"))));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        throw new IllegalStateException(
                "No PostgreSQL server found (looked in /usr/lib/postgresql/*/bin). "
                        + "Install it (Debian: apt-get install postgresql) or give -Disoloir.postgres.bin=<folder with initdb and pg_ctl>.");
    }
}
