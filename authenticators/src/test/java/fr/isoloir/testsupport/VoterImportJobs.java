package fr.isoloir.testsupport;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;

/**
 * Voter imports through the admin REST API ({@code POST .../isoloir/voter-imports}, then its status),
 * started and waited for the same way by every IT. The admin client is asked of the server at each
 * call: after a restart the server has a new one.
 */
public final class VoterImportJobs {

    /** Long enough for the largest file an IT imports (thousands of voters on a busy machine). */
    static final Duration LIMIT = Duration.ofMinutes(10);

    private VoterImportJobs() {}

    /** {@code /admin/realms/{realm}/isoloir/voter-imports}. */
    public static String path(String realm) {
        return "/admin/realms/" + realm + "/isoloir/voter-imports";
    }

    /** Imports this CSV file into the realm ({@code query}: "" or "?removeAbsent=true"...) and returns its final status. */
    public static JsonNode importAndWait(IsoloirServer server, String realm, String query, byte[] csv) {
        JsonNode started = server.admin()
                .post(path(realm) + query, "text/csv", csv)
                .expect(202)
                .json();
        return awaitJob(server, realm, started.get("jobId").asText());
    }

    /** Waits until this import is no longer running; returns its final status. */
    public static JsonNode awaitJob(IsoloirServer server, String realm, String jobId) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status =
                    server.admin().get(path(realm) + "/" + jobId).expect(200).json();
            if (!"running".equals(status.get("status").asText())) {
                return status;
            }
            try {
                Thread.sleep(250); // polling the status call: there is nothing to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("import " + jobId + " still running after " + LIMIT.toMinutes() + " minutes");
    }
}
