package fr.isoloir.benchmark;

import java.time.Duration;

/**
 * The driver of the postal letters' REST API, kept apart and small: the letters are being turned into a
 * job (issue 17), and only this class should change then (start the job, poll it, download the file).
 */
final class Letters {

    /** What the report says was called. */
    static final String HOW = "POST /admin/realms/{realm}/isoloir/postal-letters?confirm=true";

    /** Produced letters (codes issued), voters skipped (a passphrase already), and the encrypted file's size. */
    record Produced(int letters, int skipped, long bytes) {}

    /** 100,000 letters hash 100,000 codes: on a loaded machine, far longer than an ordinary admin call. */
    private static final Duration TIMEOUT = Duration.ofHours(2);

    private Letters() {}

    /** Every postal voter's letter, in the request (today's API: the answer is the encrypted file). */
    static Produced produce(AdminApi admin, String realm) {
        AdminApi.Answer answer = admin.post(
                        "/admin/realms/" + realm + "/isoloir/postal-letters?confirm=true",
                        "application/json",
                        new byte[0],
                        TIMEOUT)
                .expect(200);
        return new Produced(
                Integer.parseInt(answer.header("X-Isoloir-Letters").orElse("0")),
                Integer.parseInt(answer.header("X-Isoloir-Skipped").orElse("0")),
                answer.bytes());
    }
}
