package fr.isoloir.benchmark;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Set;

/**
 * The driver of the postal letters' job, as the Espace gestionnaire's letters page drives it: start a
 * production, poll it until it ends, download the zip for the printer. Kept apart and small so that a change
 * to the letters' REST API changes this class alone.
 */
final class Letters {

    /** What the report says was called. */
    static final String HOW = "POST /admin/realms/{realm}/isoloir/postal-letter-productions?confirm=true, "
            + "GET …/{id} every second until it ends, GET …/{id}/file";

    /** Produced letters (codes issued), voters skipped (a passphrase already), and the zip's size. */
    record Produced(int letters, int skipped, long bytes, double producedSeconds) {}

    /** 100,000 letters hash 100,000 codes: on a loaded machine, far longer than an ordinary admin call. */
    private static final Duration TIMEOUT = Duration.ofHours(2);

    private static final Set<String> ENDED = Set.of("finished", "cancelled", "failed");

    private Letters() {}

    /** Every postal voter's letter: the job's time to its end, then the download's. */
    static Produced produce(AdminApi admin, String realm) throws InterruptedException {
        String base = "/admin/realms/" + realm + "/isoloir/postal-letter-productions";
        long start = System.nanoTime();
        String id = admin.post(base + "?confirm=true", "application/json", new byte[0])
                .expect(202)
                .json()
                .path("id")
                .asText();
        JsonNode status = admin.get(base + "/" + id).expect(200).json();
        while (!ENDED.contains(status.path("state").asText())) {
            if (System.nanoTime() - start > TIMEOUT.toNanos()) {
                throw new IllegalStateException("letters not produced in " + TIMEOUT + ": " + status);
            }
            Thread.sleep(1000);
            status = admin.get(base + "/" + id).expect(200).json();
        }
        double produced = (System.nanoTime() - start) / 1e9;
        if (!"finished".equals(status.path("state").asText())) {
            throw new IllegalStateException("the letters' production ended " + status);
        }
        long bytes = admin.get(base + "/" + id + "/file").expect(200).bytes();
        return new Produced(
                status.path("letters").asInt(), status.path("skipped").asInt(), bytes, produced);
    }
}
