package fr.isoloir.postal;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.testsupport.ElectionManager;
import fr.isoloir.testsupport.ElectionRealm;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.TestPrinter;
import fr.isoloir.testsupport.VoterFiles;
import fr.isoloir.testsupport.VoterJourney;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The postal letters as a durable job on the real server, in an election realm of its own filled from a
 * voter file (a third of its voters by post): the zip downloaded decrypts, part after part, with the test
 * printer's key into one mail-merge file holding every postal voter exactly once, and a code from it logs
 * the voter in; a production interrupted by a restart resumes by itself with the same guarantees; a second
 * production needs a confirmation; concurrent starts give one job; view-users gets 403; what a manage-users
 * manager receives (statuses, the zip) never holds a code in clear.
 */
@ExtendWith(IsoloirServer.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LetterProductionIT {

    /** 1,500 postal voters: 8 batches, enough to stop the server in the middle of a production. */
    static final int VOTERS = 4500;

    static final long SEED = 1717;
    static final String PASSPHRASE = "Le courrier part ce soir pour la poste";

    private final IsoloirServer server;
    private ElectionRealm election;

    LetterProductionIT(IsoloirServer server) {
        this.server = server;
    }

    @BeforeAll
    void anElectionWithPostalVoters() throws Exception {
        election = ElectionRealm.create(server, "cse-courriers", "Élections CSE - courriers");
        String importId = admin().post(
                        election.isoloirPath("voter-imports"), "text/csv", VoterFiles.generate(VOTERS, SEED))
                .expect(202)
                .json()
                .get("jobId")
                .asText();
        JsonNode imported = await(
                () -> admin().get(election.isoloirPath("voter-imports/" + importId))
                        .expect(200)
                        .json(),
                status -> !"running".equals(status.get("status").asText()),
                "the import");
        assertThat(imported.get("status").asText()).as(imported.toString()).isEqualTo("done");
    }

    @AfterAll
    void removeTheElection() {
        if (election != null) {
            election.close();
        }
    }

    /** Asked each time: after a restart, the server has a new admin client. */
    private KeycloakAdmin admin() {
        return server.admin();
    }

    private String productions(String rest) {
        return election.isoloirPath("postal-letter-productions" + rest);
    }

    @Test
    @Order(1)
    void withoutAPrinterKeyNothingStartsAndThePlanSaysWhy() {
        JsonNode plan = admin().get(productions("/plan")).expect(200).json();
        assertThat(plan.get("letters").asInt()).isEqualTo(VOTERS / 3);
        assertThat(plan.path("printerKey").asText(""))
                .as("no key: null, left out of the JSON")
                .isEmpty();
        assertThat(plan.get("printerKeyProblem").asText()).contains("isoloir.printerPublicKey");

        KeycloakAdmin.Answer refused = admin().post(productions(""), Map.of());
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).isEqualTo("no_printer_key");
        assertThat(admin().get(productions("")).expect(200).json()).isEmpty();
    }

    @Test
    @Order(2)
    void aProductionGivesEveryPostalVoterOneCodeInAFileOnlyThePrinterReadsAndTheCodeLogsIn() throws Exception {
        TestPrinter.installIn(admin(), election.name());
        try (ElectionManager manager = ElectionManager.create(server, election.name(), "manage-users")) {
            HttpResponse<byte[]> started = manager.post(productions(""));
            assertThat(started.statusCode())
                    .as(new String(started.body(), StandardCharsets.UTF_8))
                    .isEqualTo(202);
            String id = json(started.body()).get("id").asText();
            JsonNode done = awaitEnd(id);
            assertThat(done.get("state").asText()).isEqualTo("finished");
            assertThat(done.get("letters").asInt()).isEqualTo(VOTERS / 3);
            System.out.printf(
                    "[letters] %d letters produced in %.1f s (%s a minute), %d processors%n",
                    done.get("letters").asInt(),
                    java.time.Duration.between(
                                            java.time.Instant.parse(
                                                    done.get("startedAt").asText()),
                                            java.time.Instant.parse(
                                                    done.get("finishedAt").asText()))
                                    .toMillis()
                            / 1000.0,
                    done.get("ratePerMinute").asText(),
                    Runtime.getRuntime().availableProcessors());
            assertThat(done.get("done").asInt()).isEqualTo(VOTERS / 3);
            assertThat(done.get("fileAvailable").asBoolean()).isTrue();

            // A fresh sign-in of the same kind of manager: the first token (60 s) may have expired meanwhile.
            HttpResponse<byte[]> download;
            try (ElectionManager downloader = ElectionManager.create(server, election.name(), "manage-users")) {
                download = downloader.get(productions("/" + id + "/file"));
            }
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/zip"));
            List<List<String>> rows = TestPrinter.lettersInZip(download.body());
            assertThat(rows.get(0)).containsExactlyElementsOf(PostalLetters.COLUMNS);
            List<List<String>> letters = rows.subList(1, rows.size());
            assertEveryPostalVoterOnce(letters, VOTERS / 3);
            // What the manager received holds no code in clear: not in the zip, not in the status.
            for (List<String> letter : letters.subList(0, 50)) {
                String code = letter.get(PostalLetters.COLUMNS.indexOf("connectionCode"));
                assertThat(new String(download.body(), StandardCharsets.ISO_8859_1))
                        .doesNotContain(code)
                        .doesNotContain(code.replace("-", ""));
                assertThat(new String(started.body(), StandardCharsets.UTF_8)).doesNotContain(code);
                assertThat(server.serverOutput()).doesNotContain(code);
            }
            logsIn(letters.get(letters.size() / 2));

            // Producing again would replace the codes just printed: not without a confirmation.
            HttpResponse<byte[]> again;
            try (ElectionManager second = ElectionManager.create(server, election.name(), "manage-users")) {
                again = second.post(productions(""));
            }
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(json(again.body()).get("error").asText()).isEqualTo("codes_already_issued");
            assertThat(json(again.body()).get("votersWithCode").asInt()).isEqualTo(VOTERS / 3 - 1);
        }
    }

    @Test
    @Order(3)
    void viewUsersMayNeitherStartNorDownload() {
        try (ElectionManager viewer = ElectionManager.create(server, election.name(), "view-users")) {
            assertThat(viewer.post(productions("?confirm=true")).statusCode()).isEqualTo(403);
            assertThat(viewer.get(productions("/plan")).statusCode()).isEqualTo(403);
            String id = admin().get(productions(""))
                    .expect(200)
                    .json()
                    .get(0)
                    .get("id")
                    .asText();
            assertThat(viewer.get(productions("/" + id + "/file")).statusCode()).isEqualTo(403);
            assertThat(viewer.post(productions("/" + id + "/cancel")).statusCode())
                    .isEqualTo(403);
        }
    }

    @Test
    @Order(4)
    void concurrentStartsGiveOneProductionThenACancelKeepsTheDoneBatchesInTheFile() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<HttpResponse<byte[]>> answers = new ArrayList<>();
        try (ElectionManager manager = ElectionManager.create(server, election.name(), "manage-users")) {
            List<Callable<HttpResponse<byte[]>>> starts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                starts.add(() -> manager.post(productions("?confirm=true")));
            }
            for (Future<HttpResponse<byte[]>> answer : pool.invokeAll(starts)) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdown();
        }
        List<Integer> statuses =
                answers.stream().map(HttpResponse::statusCode).sorted().toList();
        assertThat(statuses).as("one start, three refusals").containsExactly(202, 409, 409, 409);
        for (HttpResponse<byte[]> answer : answers) {
            if (answer.statusCode() == 409) {
                assertThat(json(answer.body()).get("error").asText()).isEqualTo("production_running");
            }
        }
        String id = json(answers.stream()
                        .filter(a -> a.statusCode() == 202)
                        .findFirst()
                        .orElseThrow()
                        .body())
                .get("id")
                .asText();
        KeycloakAdmin.Answer cancelled = admin().post(productions("/" + id + "/cancel"), Map.of());
        JsonNode end = awaitEnd(id);
        if (cancelled.status() == 200) {
            assertThat(end.get("state").asText()).isEqualTo("cancelled");
        } else { // it ended before the cancel arrived
            assertThat(cancelled.status()).isEqualTo(409);
        }
        assertThat(admin().post(productions("/" + id + "/cancel"), Map.of()).status())
                .as("an ended production cannot be cancelled")
                .isEqualTo(409);
        if (end.get("letters").asInt() > 0) {
            List<List<String>> rows = TestPrinter.lettersInZip(
                    admin().get(productions("/" + id + "/file")).expect(200).bytes());
            assertThat(rows.subList(1, rows.size()))
                    .as("the letters of the batches done before the cancel")
                    .hasSize(end.get("letters").asInt());
        }
        admin().delete(productions("/" + id + "/file")).expect(204);
        assertThat(admin().get(productions("/" + id + "/file")).status()).isEqualTo(410);
    }

    /**
     * The node stops mid-production (SIGTERM, as an operator's restart) and starts again: the production
     * goes on by itself once its lease lapses, and its file holds every postal voter exactly once, with a
     * code that logs them in (the batch cut by the stop rolled back whole: codes and part together).
     */
    @Test
    @Order(5)
    void aProductionInterruptedByARestartResumesAndItsFileHoldsEveryPostalVoterOnce() throws Exception {
        assumeFalse(
                "docker".equals(System.getProperty("isoloir.test.server")),
                "the Testcontainers server is not restarted in place");
        // The voter who chose a passphrase in the first production's test gets no letter.
        int expected = admin().get(productions("/plan"))
                .expect(200)
                .json()
                .get("letters")
                .asInt();
        String id;
        try (ElectionManager manager = ElectionManager.create(server, election.name(), "manage-users")) {
            HttpResponse<byte[]> started = manager.post(productions("?confirm=true"));
            assertThat(started.statusCode()).isEqualTo(202);
            id = json(started.body()).get("id").asText();
        }
        await(
                () -> status(id),
                status -> status.get("done").asInt() >= LetterProduction.BATCH
                        || !"running".equals(status.get("state").asText()),
                "a first batch");
        server.restartKeycloak();
        JsonNode afterRestart = status(id);
        assertThat(afterRestart.get("done").asInt())
                .as("interrupted: letters left after the restart")
                .isLessThan(expected);

        JsonNode done = awaitEnd(id);
        assertThat(done.get("state").asText()).isEqualTo("finished");
        assertThat(done.get("letters").asInt()).isEqualTo(expected);
        assertThat(server.serverOutput()).contains("postal-letters job " + id + " taken over by this node");
        List<List<String>> rows = TestPrinter.lettersInZip(
                admin().get(productions("/" + id + "/file")).expect(200).bytes());
        List<List<String>> letters = rows.subList(1, rows.size());
        assertEveryPostalVoterOnce(letters, expected);
        logsIn(letters.get(0));
        logsIn(letters.get(letters.size() - 1));
    }

    private JsonNode status(String id) {
        return admin().get(productions("/" + id)).expect(200).json();
    }

    private JsonNode awaitEnd(String id) throws InterruptedException {
        return await(
                () -> status(id),
                status -> !"running".equals(status.get("state").asText()),
                "the production");
    }

    /** Every postal voter of the file, once each, by identifier; none of another channel. */
    private void assertEveryPostalVoterOnce(List<List<String>> letters, int expected) {
        List<String> identifiers = letters.stream()
                .map(row -> row.get(PostalLetters.COLUMNS.indexOf("identifier")))
                .toList();
        assertThat(identifiers).hasSize(expected).doesNotHaveDuplicates();
        List<String> codes = letters.stream()
                .map(row -> row.get(PostalLetters.COLUMNS.indexOf("connectionCode")))
                .toList();
        assertThat(codes)
                .doesNotHaveDuplicates()
                .allSatisfy(code -> assertThat(code).isNotBlank());
    }

    /** A voter of the file logs in on the voting site with the identifier and the code of their letter. */
    private void logsIn(List<String> letter) {
        String identifier = letter.get(PostalLetters.COLUMNS.indexOf("identifier"));
        JsonNode voter = admin().get("/admin/realms/" + election.name() + "/users?exact=true&username="
                        + URLEncoder.encode(
                                identifier.replace("-", "").toLowerCase(Locale.ROOT), StandardCharsets.UTF_8))
                .expect(200)
                .json();
        assertThat(voter).hasSize(1);
        VoterJourney journey =
                new VoterJourney(election.site()).openVotingSite().typeIdentifier(identifier);
        journey.typeCode(letter.get(PostalLetters.COLUMNS.indexOf("connectionCode")))
                .choosePassphrase(PASSPHRASE);
        assertThat(journey.isInPersonalSpace()).as(journey.page().text()).isTrue();
        assertThat(journey.claim("sub")).isEqualTo(voter.get(0).get("id").asText());
    }

    private static JsonNode json(byte[] body) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
    }

    private static JsonNode await(java.util.function.Supplier<JsonNode> status, Predicate<JsonNode> done, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = status.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(250); // polling interval of a condition, not a synchronisation
        }
        throw new AssertionError(what + " did not end in 10 minutes: " + last);
    }
}
