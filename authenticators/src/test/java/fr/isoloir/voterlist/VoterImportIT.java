package fr.isoloir.voterlist;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.identifier.ParseResult;
import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.recovery.ViewOnlyAdmin;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.VoterFiles;
import fr.isoloir.testsupport.VoterImportJobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The voter import on the real server, through the admin REST API and the console's components
 * endpoint. Each test imports into a realm of its own (with the vote realm's user profile), deleted
 * afterwards: an import compares and may remove every voter of its realm, so it must not see the
 * voters other tests create in the shared one.
 */
@ExtendWith(IsoloirServer.Extension.class)
class VoterImportIT {

    private static final String CSV = "text/csv";

    private final IsoloirServer server;
    private String realm;

    VoterImportIT(IsoloirServer server) {
        this.server = server;
    }

    @BeforeEach
    void ownRealm() {
        realm = "import-" + UUID.randomUUID().toString().substring(0, 8);
        admin().post(
                        "/admin/realms",
                        Map.of(
                                "realm",
                                realm,
                                "enabled",
                                true,
                                "duplicateEmailsAllowed",
                                true,
                                "adminEventsEnabled",
                                true,
                                "adminEventsDetailsEnabled",
                                true))
                .expect(201);
        JsonNode profile = admin().get("/admin/realms/" + IsoloirServer.REALM + "/users/profile")
                .expect(200)
                .json();
        admin().put("/admin/realms/" + realm + "/users/profile", profile).expect(200);
    }

    /**
     * Deleting a realm of thousands of users outlasts the admin client's 30-second timeout: the server
     * goes on, so wait until the realm is gone.
     */
    @AfterEach
    void removeRealm() {
        try {
            admin().delete("/admin/realms/" + realm).expect(204);
        } catch (java.io.UncheckedIOException timedOut) {
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (admin().get("/admin/realms/" + realm).status() != 404) {
                assertThat(System.nanoTime())
                        .as("realm %s deleted within 10 minutes", realm)
                        .isLessThan(deadline);
                sleep(2000);
            }
        }
    }

    /** Asked each time: after a restart, the server has a new admin client. */
    private KeycloakAdmin admin() {
        return server.admin();
    }

    private String imports() {
        return VoterImportJobs.path(realm);
    }

    private KeycloakAdmin.Answer upload(String query, byte[] csv) {
        return admin().post(imports() + query, CSV, csv);
    }

    private int userCount() {
        return Integer.parseInt(admin().get("/admin/realms/" + realm + "/users/count")
                .expect(200)
                .body()
                .strip());
    }

    private JsonNode voter(String employeeNumber) {
        JsonNode found = admin().get("/admin/realms/" + realm + "/users?exact=true&q="
                        + URLEncoder.encode("employeeNumber:" + employeeNumber, StandardCharsets.UTF_8))
                .expect(200)
                .json();
        assertThat(found).as("voters with employee number %s", employeeNumber).hasSize(1);
        return found.get(0);
    }

    /** Starts an import and waits until it is done; returns its final status. */
    private JsonNode importAndWait(String query, byte[] csv) {
        return VoterImportJobs.importAndWait(server, realm, query, csv);
    }

    private JsonNode waitFor(String jobId) {
        return VoterImportJobs.awaitJob(server, realm, jobId);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFileWithAnyProblemImportsNothingAndTheReportSaysWhereAndWhy() {
        byte[] csv = utf8("Matricule;Nom;Prénom;Courriel;Mobile\n"
                + "A1;Roux;Sam;sam@example.org;\n"
                + "A2;Roux;Lou;lou.example.org;\n"
                + "A3;Roux;Max;;01 40 00 00 00\n"
                + "A1;Roux;Léa;lea@example.org;\n");

        KeycloakAdmin.Answer answer = upload("", csv);

        assertThat(answer.status()).isEqualTo(400);
        JsonNode report = answer.json();
        assertThat(report.get("error").asText()).isEqualTo("invalid_file");
        assertThat(report.get("problemCount").asInt()).isEqualTo(4);
        assertThat(report.get("problems"))
                .extracting(p -> p.get("line").asInt() + "|" + p.get("column").asText() + "|"
                        + p.get("code").asText())
                .containsExactly(
                        "2|Matricule|duplicate_employee_number",
                        "3|Courriel|invalid_email",
                        "4|Mobile|phone_not_mobile",
                        "5|Matricule|duplicate_employee_number");
        assertThat(report.get("problems").get(1).get("messageFr").asText()).isEqualTo("Adresse email invalide.");
        assertThat(report.get("sha256").asText()).isEqualTo(VoterImports.sha256(csv));
        assertThat(userCount()).isZero();
    }

    @Test
    void aDryRunReportsThePlanAndChangesNothing() {
        JsonNode report =
                upload("?dryRun=true", VoterFiles.generate(30, 1)).expect(200).json();

        assertThat(report.get("dryRun").asBoolean()).isTrue();
        assertThat(report.get("voters").asInt()).isEqualTo(30);
        assertThat(report.get("plan").get("create").asInt()).isEqualTo(30);
        assertThat(report.get("plan").get("createExamples")).hasSize(5);
        assertThat(userCount()).isZero();
    }

    @Test
    void aThousandVotersImportAndImportingTheSameFileAgainChangesNothingButAChangedContactIsUpdated() {
        byte[] csv = VoterFiles.generate(1000, 7);
        long started = System.nanoTime();
        JsonNode done = importAndWait("", csv);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("[isoloir] 1,000-voter import: %d ms from upload to done%n", millis);

        assertThat(done.get("status").asText()).isEqualTo("done");
        assertThat(done.get("created").asInt()).isEqualTo(1000);
        assertThat(done.get("progress").asText()).isEqualTo("1000 / 1000 (100 %)");
        assertThat(userCount()).isEqualTo(1000);
        JsonNode emailVoter = voter(VoterFiles.employeeNumber(0, 7));
        JsonNode smsVoter = voter(VoterFiles.employeeNumber(1, 7));
        JsonNode postalVoter = voter(VoterFiles.employeeNumber(2, 7));
        assertThat(VoterIdentifier.parse(emailVoter.get("username").asText())).isInstanceOf(ParseResult.Valid.class);
        assertThat(emailVoter.get("email").asText()).isEqualTo(VoterFiles.email(0, 7));
        assertThat(emailVoter.get("attributes").get("deliveryChannel").get(0).asText())
                .isEqualTo("email");
        assertThat(smsVoter.get("attributes").get("phoneNumber").get(0).asText())
                .isEqualTo("+33610000001");
        assertThat(smsVoter.get("attributes").get("deliveryChannel").get(0).asText())
                .isEqualTo("sms");
        assertThat(postalVoter.get("attributes").get("deliveryChannel").get(0).asText())
                .isEqualTo("postal");
        assertThat(postalVoter.get("attributes").get("city").get(0).asText()).isEqualTo("Lyon");
        assertThat(postalVoter.get("attributes").get("postalAddress1").get(0).asText())
                .endsWith(", rue de la République");
        assertThat(postalVoter.get("attributes").get("electoralCollege")).isNotNull();
        // Created in Keycloak's batch mode, each voter still gets what UserProvider.addUser gives a new user.
        assertThat(emailVoter.get("enabled").asBoolean()).isTrue();
        assertThat(emailVoter.get("emailVerified").asBoolean()).isTrue();
        assertThat(admin().get("/admin/realms/" + realm + "/users/"
                                + smsVoter.get("id").asText() + "/role-mappings/realm")
                        .expect(200)
                        .json())
                .extracting(role -> role.get("name").asText())
                .containsExactly("default-roles-" + realm);

        JsonNode again = upload("", csv).expect(202).json();
        assertThat(again.get("plan").get("create").asInt()).isZero();
        assertThat(again.get("plan").get("update").asInt()).isZero();
        assertThat(again.get("plan").get("unchanged").asInt()).isEqualTo(1000);
        assertThat(waitFor(again.get("jobId").asText()).get("done").asInt()).isZero();
        assertThat(userCount()).isEqualTo(1000);

        String changed = VoterFiles.text(1000, 7).replace(VoterFiles.email(0, 7), "nouvelle.adresse@isoloir.test");
        JsonNode update = upload("", utf8(changed)).expect(202).json();
        assertThat(update.get("plan").get("updateExamples").get(0).get("changed"))
                .extracting(JsonNode::asText)
                .containsExactly("email");
        assertThat(waitFor(update.get("jobId").asText()).get("updated").asInt()).isEqualTo(1);
        JsonNode after = voter(VoterFiles.employeeNumber(0, 7));
        assertThat(after.get("email").asText()).isEqualTo("nouvelle.adresse@isoloir.test");
        assertThat(after.get("username").asText())
                .as("the identifier is kept")
                .isEqualTo(emailVoter.get("username").asText());
        assertThat(voter(VoterFiles.employeeNumber(1, 7)).get("username").asText())
                .isEqualTo(smsVoter.get("username").asText());
        assertThat(userCount()).isEqualTo(1000);

        JsonNode events = admin().get("/admin/realms/" + realm + "/admin-events?max=100")
                .expect(200)
                .json();
        assertThat(events).anySatisfy(event -> {
            assertThat(event.get("details").get("isoloir_action").asText()).isEqualTo("voter_import_started");
            assertThat(event.get("details").get("isoloir_file_sha256").asText()).isEqualTo(VoterImports.sha256(csv));
            assertThat(event.get("representation").asText()).contains("\"create\":1000");
        });
    }

    /**
     * The node stops mid-import (SIGTERM, as an operator's restart) and starts again: the import goes on by
     * itself once its lease lapses (10 seconds in the tests), with no new upload, and ends with each voter of
     * the file exactly once and its stored batches erased.
     */
    @Test
    void anImportInterruptedByARestartResumesByItselfAndEndsWithEveryVoterOnce() throws Exception {
        assumeFalse(
                "docker".equals(System.getProperty("isoloir.test.server")),
                "the Testcontainers server is not restarted in place");
        int voters = 5000;
        String jobId = upload("", VoterFiles.generate(voters, 11))
                .expect(202)
                .json()
                .get("jobId")
                .asText();
        JsonNode before = awaitStatus(jobId, status -> status.get("done").asInt() >= 200, "200 voters written");
        assertThat(before.get("state").asText()).isEqualTo("running");
        assertThat(before.get("total").asInt()).isEqualTo(voters);

        server.restartKeycloak();
        JsonNode afterRestart = admin().get(imports() + "/" + jobId).expect(200).json();
        assertThat(afterRestart.get("done").asInt())
                .as("interrupted: voters left after the restart")
                .isLessThan(voters);

        JsonNode done = awaitStatus(
                jobId, status -> !"running".equals(status.get("state").asText()), "the import ended");
        assertThat(done.get("state").asText()).isEqualTo("finished");
        assertThat(done.get("status").asText()).isEqualTo("done");
        assertThat(done.get("done").asInt()).isEqualTo(voters);
        // A batch done twice (it committed, then its run lost the job before going on) skips its voters.
        assertThat(done.get("created").asInt() + done.get("skipped").asInt()).isEqualTo(voters);
        assertThat(done.get("secondsLeft").asLong()).isZero();
        assertThat(done.get("batchesLeft").asLong())
                .as("the voters' data stored for the job is erased")
                .isZero();
        assertThat(server.serverOutput()).contains("voter-import job " + jobId + " taken over by this node");
        List<String> numbers = new java.util.ArrayList<>();
        for (int first = 0; first <= voters; first += 1000) { // pages: 5,000 users at once outgrow an answer
            admin().get("/admin/realms/" + realm + "/users?briefRepresentation=false&first=" + first + "&max=1000")
                    .expect(200)
                    .json()
                    .forEach(user -> numbers.add(user.path("attributes")
                            .path("employeeNumber")
                            .path(0)
                            .asText()));
        }
        assertThat(numbers)
                .hasSize(voters)
                .doesNotHaveDuplicates()
                .contains(VoterFiles.employeeNumber(0, 11), VoterFiles.employeeNumber(voters - 1, 11));
    }

    /** Polls an import's status (bounded: a restart takes a minute or two on a loaded machine). */
    private JsonNode awaitStatus(String jobId, java.util.function.Predicate<JsonNode> condition, String what) {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            status = admin().get(imports() + "/" + jobId).expect(200).json();
            if (condition.test(status)) {
                return status;
            }
            sleep(250);
        }
        throw new AssertionError("import " + jobId + ": not " + what + " within 10 minutes; last status " + status);
    }

    /**
     * The benchmark's size, measured on demand only (minutes on a loaded machine):
     * {@code -Dit.test=VoterImportIT#aBigListImportsInBatches -Disoloir.bigImport=100000}. Prints the
     * time; asserts only that every voter is there.
     */
    @Test
    @EnabledIfSystemProperty(named = "isoloir.bigImport", matches = "\\d+")
    void aBigListImportsInBatches() {
        int voters = Integer.parseInt(System.getProperty("isoloir.bigImport"));
        byte[] csv = VoterFiles.generate(voters, 100);
        long started = System.nanoTime();
        JsonNode report = upload("?dryRun=true", csv).expect(200).json();
        long checked = System.nanoTime();
        JsonNode done = importAndWait("", csv);
        long finished = System.nanoTime();
        System.out.printf(
                "[isoloir] %,d-voter file (%,d bytes): checked and planned in %d ms, imported in %d ms%n",
                voters, csv.length, (checked - started) / 1_000_000, (finished - checked) / 1_000_000);
        assertThat(report.get("plan").get("create").asInt()).isEqualTo(voters);
        assertThat(done.get("created").asInt()).isEqualTo(voters);
        assertThat(userCount()).isEqualTo(voters);
    }

    @Test
    void votersAbsentFromTheNewFileAreReportedAndRemovedOnlyWhenTheManagerConfirms() {
        importAndWait("", VoterFiles.generate(6, 3));
        String four = String.join(
                        "\r\n", java.util.Arrays.copyOf(VoterFiles.text(6, 3).split("\r\n"), 5))
                + "\r\n"; // header + 4 voters

        JsonNode reported = upload("", utf8(four)).expect(202).json();
        assertThat(reported.get("plan").get("absent").asInt()).isEqualTo(2);
        assertThat(reported.get("plan").get("absentExamples"))
                .extracting(e -> e.get("employeeNumber").asText())
                .containsExactlyInAnyOrder(VoterFiles.employeeNumber(4, 3), VoterFiles.employeeNumber(5, 3));
        waitFor(reported.get("jobId").asText());
        assertThat(userCount()).isEqualTo(6);

        JsonNode removed = waitFor(upload("?removeAbsent=true", utf8(four))
                .expect(202)
                .json()
                .get("jobId")
                .asText());
        assertThat(removed.get("removed").asInt()).isEqualTo(2);
        assertThat(userCount()).isEqualTo(4);
    }

    @Test
    void anAdminWhoMayOnlyViewUsersGets403AndNothingIsImported() {
        KeycloakAdmin viewer = ViewOnlyAdmin.create(server);
        String path = "/admin/realms/" + IsoloirServer.REALM + "/isoloir/voter-imports";
        assertThat(viewer.post(path, CSV, VoterFiles.generate(3, 11)).status()).isEqualTo(403);
        assertThat(viewer.post(path + "?dryRun=true", CSV, VoterFiles.generate(3, 11))
                        .status())
                .isEqualTo(403);
        assertThat(viewer.get(path + "/" + UUID.randomUUID()).status()).isEqualTo(403);
        assertThat(admin().get("/admin/realms/" + IsoloirServer.REALM + "/users?q=employeeNumber:"
                                + VoterFiles.employeeNumber(0, 11))
                        .expect(200)
                        .json())
                .isEmpty();
    }

    /**
     * Keycloak (Quarkus) refuses request bodies over 10 MiB by default, before our endpoint reads them
     * (quarkus.http.limits.max-body-size, see docs/election.md); our own 32 MB limit applies when an
     * operator raises that one. Either way the answer is 413 and nothing is imported.
     */
    @Test
    void aFileOverTheServersBodyLimitIsRefusedWith413AndImportsNothing() {
        String line = "A%d;Roux;Sam;sam@example.org\n";
        StringBuilder csv = new StringBuilder("Matricule;Nom;Prénom;Email\n");
        for (int i = 0; csv.length() <= 10 * 1024 * 1024; i++) {
            csv.append(line.formatted(i));
        }
        assertThat(upload("", utf8(csv.toString())).status()).isEqualTo(413);
        assertThat(userCount()).isZero();
    }

    private KeycloakAdmin.Answer control(String jobId, String action) {
        return admin().post(imports() + "/" + jobId + "/" + action, Map.of());
    }

    /** Waits until the job's runner has said it stopped: from then on nothing runs it until it is resumed. */
    private void awaitRunnerStopped(String jobId) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!server.serverOutput().contains("job " + jobId + " stopped (paused or cancelled)")) {
            assertThat(System.nanoTime())
                    .as("the runner of %s stopped within 5 minutes", jobId)
                    .isLessThan(deadline);
            sleep(250);
        }
    }

    private List<String> employeeNumbers() {
        List<String> numbers = new java.util.ArrayList<>();
        for (int first = 0; first <= userCount(); first += 1000) {
            admin().get("/admin/realms/" + realm + "/users?briefRepresentation=false&first=" + first + "&max=1000")
                    .expect(200)
                    .json()
                    .forEach(user -> numbers.add(user.path("attributes")
                            .path("employeeNumber")
                            .path(0)
                            .asText()));
        }
        return numbers;
    }

    /**
     * Paused right after it starts: the batch in flight (if any) finishes, the runner stops, and the counts
     * stay put; resumed, any node's resumer takes it up and it ends with each voter of the file exactly once.
     */
    @Test
    void aPausedImportStopsProgressAndOnceResumedEndsWithEveryVoterImportedOnce() {
        int voters = 3000;
        String jobId = upload("", VoterFiles.generate(voters, 21))
                .expect(202)
                .json()
                .get("jobId")
                .asText();

        JsonNode paused = control(jobId, "pause").expect(200).json();
        assertThat(paused.get("state").asText()).isEqualTo("paused");
        assertThat(paused.get("status").asText()).isEqualTo("paused");
        awaitRunnerStopped(jobId);
        JsonNode still = admin().get(imports() + "/" + jobId).expect(200).json();
        assertThat(still.get("state").asText()).isEqualTo("paused");
        assertThat(still.get("done").asInt())
                .as("nothing written once the pause is answered")
                .isEqualTo(paused.get("done").asInt())
                .isLessThan(voters);
        assertThat(userCount()).isEqualTo(still.get("created").asInt());
        assertThat(control(jobId, "pause").status()).as("paused twice").isEqualTo(409);
        assertThat(upload("", VoterFiles.generate(3, 22)).status())
                .as("no new import while one is paused")
                .isEqualTo(409);

        JsonNode resumed = control(jobId, "resume").expect(200).json();
        assertThat(resumed.get("state").asText()).isEqualTo("running");
        JsonNode done = awaitStatus(
                jobId, status -> !"running".equals(status.get("state").asText()), "the import ended");
        assertThat(done.get("state").asText()).isEqualTo("finished");
        assertThat(done.get("done").asInt()).isEqualTo(voters);
        assertThat(done.get("batchesLeft").asLong()).isZero();
        assertThat(employeeNumbers())
                .hasSize(voters)
                .doesNotHaveDuplicates()
                .contains(VoterFiles.employeeNumber(0, 21), VoterFiles.employeeNumber(voters - 1, 21));
        JsonNode events = admin().get("/admin/realms/" + realm + "/admin-events?max=100")
                .expect(200)
                .json();
        assertThat(events)
                .extracting(
                        event -> event.path("details").path("isoloir_action").asText())
                .contains("voter_import_started", "voter_import_paused", "voter_import_resumed");
    }

    /** Cancelled: the batches done stay applied, the rest are erased and never run; nothing else is allowed. */
    @Test
    void aCancelledImportKeepsTheBatchesDoneAndLeavesTheRestUndone() {
        int voters = 3000;
        String jobId = upload("", VoterFiles.generate(voters, 23))
                .expect(202)
                .json()
                .get("jobId")
                .asText();

        JsonNode cancelled = control(jobId, "cancel").expect(200).json();
        assertThat(cancelled.get("state").asText()).isEqualTo("cancelled");
        assertThat(cancelled.get("batchesLeft").asLong())
                .as("the voters' data of the batches left is erased")
                .isZero();
        assertThat(cancelled.get("finishedAt")).isNotNull();
        awaitRunnerStopped(jobId);
        JsonNode after = admin().get(imports() + "/" + jobId).expect(200).json();
        assertThat(after.get("done").asInt()).isEqualTo(cancelled.get("done").asInt());
        assertThat(userCount())
                .as("exactly the voters of the batches done")
                .isEqualTo(after.get("created").asInt())
                .isLessThan(voters);

        for (String action : List.of("pause", "resume", "cancel")) {
            JsonNode refused = control(jobId, action).expect(409).json();
            assertThat(refused.get("error").asText()).isEqualTo("invalid_state");
            assertThat(refused.get("field").asText()).isEqualTo("state");
            assertThat(refused.get("error_description_fr").asText()).startsWith("Cet import est terminé (annulé)");
        }
        assertThat(control(UUID.randomUUID().toString(), "pause").status()).isEqualTo(404);
        assertThat(admin().get(imports()).expect(200).json().get(0).get("jobId").asText())
                .as("the list shows the newest import first")
                .isEqualTo(jobId);
        assertThat(upload("", VoterFiles.generate(3, 24)).status())
                .as("a new import may start once the other is cancelled")
                .isEqualTo(202);
    }

    /**
     * Pauses, resumes and cancels sent at once (two managers, two tabs): each answer is 200 or 409, never an
     * error; the import ends cancelled (a cancel is refused only once the import has ended), with its batches
     * erased and exactly the voters of the batches done.
     */
    @Test
    void concurrentPauseResumeAndCancelRequestsEndInOneConsistentState() throws Exception {
        int voters = 3000;
        String jobId = upload("", VoterFiles.generate(voters, 25))
                .expect(202)
                .json()
                .get("jobId")
                .asText();
        List<String> actions = List.of("pause", "resume", "cancel", "pause", "resume", "cancel", "pause", "resume");
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(actions.size());
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (String action : actions) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return control(jobId, action).status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get(5, java.util.concurrent.TimeUnit.MINUTES));
            }
            assertThat(statuses).as("answers of %s", actions).allMatch(status -> status == 200 || status == 409);
            assertThat(statuses).contains(200);
        } finally {
            pool.shutdownNow();
        }

        // A batch commits its voters and its counts together, and none commits once the job is not running.
        JsonNode end = admin().get(imports() + "/" + jobId).expect(200).json();
        assertThat(end.get("state").asText()).isEqualTo("cancelled");
        assertThat(end.get("batchesLeft").asLong()).isZero();
        assertThat(userCount()).isEqualTo(end.get("created").asInt());
        assertThat(control(jobId, "resume").status()).isEqualTo(409);
    }

    @Test
    void anAdminWhoMayOnlyViewUsersCannotListPauseResumeOrCancelImports() {
        KeycloakAdmin viewer = ViewOnlyAdmin.create(server);
        String path = "/admin/realms/" + IsoloirServer.REALM + "/isoloir/voter-imports";
        assertThat(viewer.get(path).status()).isEqualTo(403);
        for (String action : List.of("pause", "resume", "cancel")) {
            assertThat(viewer.post(path + "/" + UUID.randomUUID() + "/" + action, Map.of())
                            .status())
                    .as(action)
                    .isEqualTo(403);
        }
    }
}
