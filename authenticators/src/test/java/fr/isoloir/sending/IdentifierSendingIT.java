package fr.isoloir.sending;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.recovery.ViewOnlyAdmin;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Mailbox;
import fr.isoloir.testsupport.TestRealm;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Identifier sending on the real server: jobs started over REST (as the Espace does), the real
 * Twilio SDK against the fake Twilio (made to fail for some numbers), GreenMail for emails. Each test
 * first lets a send go through the voters earlier tests left in the realm, so that its own job targets
 * exactly the voters it creates.
 */
@ExtendWith(IsoloirServer.Extension.class)
class IdentifierSendingIT {

    static final String SENDINGS = "/admin/realms/" + IsoloirServer.REALM + "/isoloir/identifier-sendings";
    static final Pattern IDENTIFIER = Pattern.compile("\\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\\b");
    static final String PASSPHRASE = "Les urnes chantent au petit matin";
    static final ObjectMapper JSON = new ObjectMapper();

    private final IsoloirServer server;

    IdentifierSendingIT(IsoloirServer server) {
        this.server = server;
    }

    @BeforeEach
    void onlyThisTestsVotersAreLeftToSend() {
        cancelActiveSends();
        server.twilio().acceptAllFromNow();
        String id = start(Map.of("channel", "both", "emailRate", 6000, "smsRate", 6000))
                .expect(201)
                .json()
                .get("id")
                .asText();
        awaitState(id, "finished");
    }

    @AfterEach
    void noSendLeftRunning() {
        cancelActiveSends();
        server.twilio().acceptAllFromNow();
    }

    @Test
    void twilioFailuresAreRecordedPerVoterThenARetryDeliversTheRestAndNobodyGetsTwoMessages() {
        List<Voter> byEmail = new ArrayList<>();
        List<Voter> bySms = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            byEmail.add(server.voters().byEmail());
            bySms.add(server.voters().bySms());
        }
        var twilio = server.twilio();
        twilio.failFor(bySms.get(0).phone(), 400);
        twilio.failFor(bySms.get(1).phone(), 400);
        twilio.failFor(bySms.get(2).phone(), 500);
        twilio.failFor(bySms.get(3).phone(), 500);
        twilio.failOnceFor(bySms.get(4).phone(), 429); // throttling: the job pauses, then sends it

        JsonNode started = start(Map.of("channel", "both", "emailRate", 6000, "smsRate", 6000))
                .expect(201)
                .json();
        String id = started.get("id").asText();
        assertThat(started.get("startedBy").asText()).isEqualTo("admin");
        JsonNode counts = awaitState(id, "finished").get("counts");
        assertThat(counts.get("targeted").asInt()).isEqualTo(24);
        assertThat(counts.get("pending").asInt()).isZero();
        // On a loaded machine the fake Twilio may answer after the SDK's 2-second time-out: that voter is
        // uncertain (maybe delivered), never sent again by itself. Every other outcome is exact.
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonNode voter = user(bySms.get(i));
            String status = attribute(voter, VoterDelivery.STATUS);
            statuses.add(status);
            assertThat(status).isIn("failed", "sending");
            if (status.equals("failed")) {
                assertThat(attribute(voter, VoterDelivery.ERROR))
                        .isEqualTo(
                                i < 2
                                        ? "sms rejected (HTTP 400, Twilio 21211)"
                                        : "sms provider-error (HTTP 500, Twilio 20500)");
                assertThat(Instant.parse(attribute(voter, VoterDelivery.AT)))
                        .isBefore(Instant.now().plusSeconds(1));
            }
        }
        int failedHere = (int) statuses.stream().filter("failed"::equals).count();
        assertThat(failedHere).as("the failing numbers recorded as failed").isPositive();
        assertThat(counts.get("failed").asInt()).isEqualTo(failedHere);
        assertThat(counts.get("sent").asInt() + counts.get("uncertain").asInt()).isEqualTo(24 - failedHere);
        for (Voter voter : concat(byEmail, bySms.subList(4, 12))) {
            assertThat(attribute(user(voter), VoterDelivery.STATUS)).isIn("sent", "sending");
        }
        assertThat(attribute(user(byEmail.get(0)), VoterDelivery.ERROR)).isNull();

        // The list holds the realm's failed and uncertain voters (statuses are the voters'): ours among them.
        KeycloakAdmin.Answer failures =
                server.admin().get(SENDINGS + "/" + id + "/failures").expect(200);
        List<String> failingIds =
                bySms.subList(0, 4).stream().map(Voter::userId).toList();
        List<JsonNode> ours = new ArrayList<>();
        failures.json().get("failures").forEach(f -> {
            assertThat(f.get("status").asText()).isIn("failed", "uncertain");
            if (failingIds.contains(f.get("voterId").asText())) {
                ours.add(f);
            }
        });
        assertThat(ours).hasSize(4);
        for (JsonNode failure : ours) {
            assertThat(failure.get("employeeNumber").asText()).startsWith("E");
            assertThat(failure.get("channel").asText()).isEqualTo("sms");
            assertThat(failure.get("contact").asText()).contains("•");
            assertThat(failure.get("at").asText()).isNotBlank();
            if (failure.get("status").asText().equals("failed")) {
                assertThat(failure.get("reason").asText())
                        .matches("sms (rejected|provider-error) \\(HTTP (400|500), Twilio \\d+\\)");
            }
        }
        for (int i = 0; i < 4; i++) {
            assertThat(failures.body()).doesNotContain(bySms.get(i).phone()); // masked only
        }

        twilio.acceptAllFromNow();
        server.admin().post(SENDINGS + "/" + id + "/retry-failed", Map.of()).expect(200);
        JsonNode retried = awaitState(id, "finished").get("counts");
        assertThat(retried.get("failed").asInt()).isZero();
        assertThat(retried.get("sent").asInt() + retried.get("uncertain").asInt())
                .isEqualTo(retried.get("targeted").asInt());
        server.admin()
                .get(SENDINGS + "/" + id + "/failures")
                .expect(200)
                .json()
                .get("failures")
                .forEach(f -> assertThat(f.get("status").asText()).isEqualTo("uncertain"));
        for (int i = 0; i < 4; i++) {
            if (statuses.get(i).equals("failed")) {
                assertThat(attribute(user(bySms.get(i)), VoterDelivery.STATUS))
                        .as("retried")
                        .isIn("sent", "sending");
            }
        }

        // Nobody got two messages; everyone sent got exactly one, with the identifier and the site.
        String site = server.votingSite().baseUri().toString();
        for (Voter voter : bySms) {
            List<String> received = twilio.acceptedTextsTo(voter.phone());
            assertThat(received).as("texts received by %s", voter.phone()).hasSizeLessThanOrEqualTo(1);
            if ("sent".equals(attribute(user(voter), VoterDelivery.STATUS))) {
                assertThat(received).hasSize(1);
                assertThat(received.get(0)).contains(voter.typed()).contains(site);
            }
        }
        for (Voter voter : byEmail) {
            List<jakarta.mail.internet.MimeMessage> received = server.mailbox().messagesTo(voter.email());
            assertThat(received).as("emails received by %s", voter.email()).hasSize(1);
            assertThat(Mailbox.plainText(received.get(0)))
                    .contains(voter.typed())
                    .contains(site);
        }

        JsonNode events = server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM + "/admin-events?resourcePath=isoloir/identifier-sendings/"
                        + id)
                .expect(200)
                .json();
        List<String> operations = new ArrayList<>();
        events.forEach(e -> operations.add(e.get("operationType").asText()));
        assertThat(operations).contains("CREATE", "ACTION");
        JsonNode creation = find(events, e -> e.get("operationType").asText().equals("CREATE"));
        assertThat(creation.get("authDetails").get("userId").asText()).isNotBlank();
        assertThat(creation.get("representation").asText())
                .contains("\"channel\":\"both\"")
                .contains("\"startedBy\":\"admin\"");

        // What they were sent is enough to vote: an email voter and an SMS voter log in with it.
        Voter emailVoter = byEmail.get(5);
        String emailed = identifierIn(Mailbox.plainText(
                server.mailbox().messagesTo(emailVoter.email()).get(0)));
        VoterJourney emailLogin = new VoterJourney(server).openVotingSite().typeIdentifier(emailed);
        emailLogin.typeCode(server.mailbox().awaitCode(emailVoter.email(), 2)).choosePassphrase(PASSPHRASE);
        assertThat(emailLogin.isInPersonalSpace()).as(emailLogin.page().text()).isTrue();
        assertThat(emailLogin.claim("sub")).isEqualTo(emailVoter.userId());

        Voter smsVoter = bySms.stream()
                .skip(5)
                .filter(v -> "sent".equals(attribute(user(v), VoterDelivery.STATUS)))
                .findFirst()
                .orElseThrow();
        String texted = identifierIn(twilio.acceptedTextsTo(smsVoter.phone()).get(0));
        VoterJourney smsLogin = new VoterJourney(server).openVotingSite().typeIdentifier(texted);
        smsLogin.typeCode(twilio.awaitCode(smsVoter.phone(), 2)).choosePassphrase(PASSPHRASE);
        assertThat(smsLogin.isInPersonalSpace()).as(smsLogin.page().text()).isTrue();
        assertThat(smsLogin.claim("sub")).isEqualTo(smsVoter.userId());
    }

    /**
     * SMTP refusing connections and Twilio answering 500 in the middle of a send over 200 voters: the job
     * pauses by itself (outage-failures in a row), resumes by itself after its pause and pauses again while
     * the outage lasts; once both are back it finishes, the voters who failed are listed, a retry sends them,
     * and every voter ends with exactly one message (GreenMail and WireMock's journal, per recipient).
     */
    @Test
    void aProviderOutageMidSendPausesAndResumesItThenARetryLeavesEveryVoterExactlyOneMessage() throws Exception {
        int perChannel = 100;
        List<Voter> byEmail = new ArrayList<>();
        List<Voter> bySms = new ArrayList<>();
        for (int i = 0; i < perChannel; i++) {
            byEmail.add(server.voters().byEmail());
            bySms.add(server.voters().bySms());
        }
        var twilio = server.twilio();
        // 600 a minute per channel: 20 messages a 2-second tick, so the send spans several ticks.
        String id = start(Map.of("channel", "both", "emailRate", 600, "smsRate", 600))
                .expect(201)
                .json()
                .get("id")
                .asText();
        awaitJob(id, job -> job.get("counts").get("sent").asInt() >= 20, "some messages sent");
        JsonNode firstPause;
        JsonNode secondPause;
        try (TestRealm smtpDown = TestRealm.of(server)
                .withRealmSettings(Map.of(
                        "smtpServer",
                        Map.of(
                                "host",
                                "127.0.0.1",
                                "port",
                                Integer.toString(fr.isoloir.keycloakrunner.KeycloakServer.freePort()),
                                "from",
                                "elections@isoloir.test")))) {
            twilio.failWith(500);
            JsonNode paused = awaitJob(id, job -> job.get("state").asText().equals("paused"), "paused by the outage");
            firstPause = paused;
            assertThat(paused.get("pauseReason").asText()).startsWith("provider outage:");
            assertThat(paused.get("resumeAt").asText()).isNotBlank();
            int failedAtFirstPause = paused.get("counts").get("failed").asInt();
            assertThat(failedAtFirstPause).isPositive();
            // Still down: it resumes by itself, fails again, pauses again.
            secondPause = awaitJob(
                    id,
                    job -> job.get("state").asText().equals("paused")
                            && job.get("counts").get("failed").asInt() > failedAtFirstPause,
                    "resumed by itself, then paused again");
        } finally {
            twilio.acceptAllFromNow();
        }
        JsonNode finished = awaitState(id, "finished").get("counts");
        int failed = finished.get("failed").asInt();
        assertThat(failed)
                .isGreaterThanOrEqualTo(secondPause.get("counts").get("failed").asInt());
        assertThat(finished.get("targeted").asInt()).isEqualTo(2 * perChannel);
        assertThat(finished.get("pending").asInt()).isZero();
        assertThat(server.admin()
                        .get(SENDINGS + "/" + id + "/failures?max=1000")
                        .expect(200)
                        .json()
                        .get("total")
                        .asInt())
                .isGreaterThanOrEqualTo(failed);

        server.admin().post(SENDINGS + "/" + id + "/retry-failed", Map.of()).expect(200);
        JsonNode retried = awaitState(id, "finished").get("counts");
        assertThat(retried.get("failed").asInt()).isZero();
        assertThat(retried.get("sent").asInt() + retried.get("uncertain").asInt())
                .isEqualTo(2 * perChannel);

        int uncertain = 0;
        for (Voter voter : byEmail) {
            assertThat(server.mailbox().messagesTo(voter.email()))
                    .as("emails to %s", voter.email())
                    .hasSize(1);
        }
        for (Voter voter : bySms) {
            List<String> received = twilio.acceptedTextsTo(voter.phone());
            // A text the fake Twilio answered after the SDK's time-out (a loaded machine) is "uncertain":
            // maybe delivered, never sent again by itself. Every other voter has exactly one.
            if ("sending".equals(attribute(user(voter), VoterDelivery.STATUS))) {
                uncertain++;
                assertThat(received)
                        .as("texts to an uncertain %s", voter.phone())
                        .hasSizeLessThanOrEqualTo(1);
            } else {
                assertThat(received).as("texts to %s", voter.phone()).hasSize(1);
            }
        }
        System.out.printf(
                "Send job outage: %d voters; sent before the outage %d; first pause after %d failed (%s); paused again "
                        + "after resuming by itself, %d failed (%s); %d failed in all, listed and retried; uncertain %d; every other "
                        + "voter exactly one message%n",
                2 * perChannel,
                firstPause.get("counts").get("sent").asInt(),
                firstPause.get("counts").get("failed").asInt(),
                firstPause.get("pauseReason").asText(),
                secondPause.get("counts").get("failed").asInt(),
                secondPause.get("pauseReason").asText(),
                failed,
                uncertain);
    }

    @Test
    void theStartRequestIsCheckedFieldByFieldAndPauseResumeCancelFollowTheJobsStates() {
        for (int i = 0; i < 3; i++) {
            server.voters().byEmail();
        }
        KeycloakAdmin.Answer refused = start(Map.of("channel", "email", "emailRate", "lots"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("emailRate");
        assertThat(refused.json().get("messageKey").asText()).isEqualTo("sendRefused.emailRate");
        assertThat(refused.json().get("error_description").asText())
                .isEqualTo("Emails per minute must be a whole number from 1 to 6000.");
        KeycloakAdmin.Answer badChannel = start(Map.of("channel", "pigeon"));
        assertThat(badChannel.status()).isEqualTo(400);
        assertThat(badChannel.json().get("field").asText()).isEqualTo("channel");
        assertThat(start(Map.of("channel", "sms", "smsRate", 0))
                        .json()
                        .get("field")
                        .asText())
                .isEqualTo("smsRate");
        assertThat(server.admin().get(SENDINGS).expect(200).json())
                .as("nothing started by a refused request")
                .noneMatch(job -> job.get("state").asText().equals("running"));

        // One email a minute with 2-second ticks: nothing goes out for a while, the job stays running.
        String id = start(Map.of("channel", "email", "emailRate", "1"))
                .expect(201)
                .json()
                .get("id")
                .asText();
        JsonNode job = server.admin().get(SENDINGS + "/" + id).expect(200).json();
        assertThat(job.get("state").asText()).isEqualTo("running");
        assertThat(job.get("channel").asText()).isEqualTo("email");
        assertThat(job.get("emailRate").asInt()).isEqualTo(1);
        assertThat(job.get("startedBy").asText()).isEqualTo("admin");

        KeycloakAdmin.Answer second = start(Map.of("channel", "sms"));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("error").asText()).isEqualTo("send_active");

        KeycloakAdmin.Answer resumeRunning = server.admin().post(SENDINGS + "/" + id + "/resume", "");
        assertThat(resumeRunning.status()).as("resume of a running send").isEqualTo(409);
        assertThat(resumeRunning.json().get("field").asText()).isEqualTo("state");
        assertThat(resumeRunning.json().get("parameters").get(0).asText()).isEqualTo("running");

        job = server.admin()
                .post(SENDINGS + "/" + id + "/pause", "")
                .expect(200)
                .json();
        assertThat(job.get("state").asText()).isEqualTo("paused");
        assertThat(job.get("pauseReason").asText()).isEqualTo("paused by the election manager");
        assertThat(server.admin().post(SENDINGS + "/" + id + "/pause", "").status())
                .as("pause of a paused send")
                .isEqualTo(409);
        job = server.admin()
                .post(SENDINGS + "/" + id + "/resume", "")
                .expect(200)
                .json();
        assertThat(job.get("state").asText()).isEqualTo("running");
        assertThat(job.path("pauseReason").asText(null)).isNull();

        job = server.admin()
                .post(SENDINGS + "/" + id + "/cancel", "")
                .expect(200)
                .json();
        assertThat(job.get("state").asText()).isEqualTo("cancelled");
        assertThat(job.get("finishedAt").asText()).isNotBlank();
        for (String action : List.of("pause", "resume", "cancel")) {
            assertThat(server.admin()
                            .post(SENDINGS + "/" + id + "/" + action, "")
                            .status())
                    .as("%s of a cancelled send", action)
                    .isEqualTo(409);
        }
        assertThat(server.admin()
                        .post(SENDINGS + "/" + id + "/retry-failed", Map.of())
                        .status())
                .isEqualTo(409);
        assertThat(server.admin()
                        .post(SENDINGS + "/" + UUID.randomUUID() + "/pause", "")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void startsRacingEachOtherStartExactlyOneSend() throws Exception {
        server.voters().byEmail();
        int before = server.admin().get(SENDINGS).expect(200).json().size();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return start(Map.of("channel", "email", "emailRate", 1)).status();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(2, TimeUnit.MINUTES));
            }
            assertThat(statuses).containsOnly(201, 409).containsOnlyOnce(201);
        } finally {
            pool.shutdownNow();
        }
        JsonNode jobs = server.admin().get(SENDINGS).expect(200).json();
        assertThat(jobs.size()).isEqualTo(before + 1);
    }

    @Test
    void anAdminWithoutManageUsersGetsA403AndStartsNothing() {
        KeycloakAdmin viewer = ViewOnlyAdmin.create(server);
        int before = server.admin().get(SENDINGS).expect(200).json().size();
        assertThat(viewer.post(SENDINGS, Map.of("channel", "both")).status()).isEqualTo(403);
        assertThat(viewer.get(SENDINGS).status()).isEqualTo(403);
        String anyId =
                server.admin().get(SENDINGS).expect(200).json().get(0).get("id").asText();
        assertThat(viewer.post(SENDINGS + "/" + anyId + "/retry-failed", Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(viewer.get(SENDINGS + "/" + anyId + "/failures").status()).isEqualTo(403);
        assertThat(server.admin().get(SENDINGS).expect(200).json().size()).isEqualTo(before);
    }

    @Test
    void aSendInterruptedByARestartResumesAndSendsEachVoterOnce() throws Exception {
        assumeFalse(
                "docker".equals(System.getProperty("isoloir.test.server")),
                "the Testcontainers server is not restarted in place");
        List<Voter> voters = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            voters.add(server.voters().bySms());
        }
        // 60 a minute with 2-second ticks: two texts a tick, about 16 seconds for all of them.
        String id = start(Map.of("channel", "sms", "smsRate", 60))
                .expect(201)
                .json()
                .get("id")
                .asText();
        awaitJob(id, job -> job.get("counts").get("sent").asInt() >= 4, "4 texts sent");

        server.restartKeycloak();
        JsonNode afterRestart =
                server.admin().get(SENDINGS + "/" + id).expect(200).json();
        assertThat(afterRestart.get("state").asText())
                .as("still to do after the restart")
                .isEqualTo("running");
        assertThat(afterRestart.get("counts").get("pending").asInt()).isPositive();

        JsonNode done = awaitState(id, "finished");
        int sent = done.get("counts").get("sent").asInt();
        int uncertain = done.get("counts").get("uncertain").asInt();
        assertThat(sent + uncertain).isEqualTo(16);
        for (Voter voter : voters) {
            List<String> received = server.twilio().acceptedTextsTo(voter.phone());
            String status = attribute(user(voter), VoterDelivery.STATUS);
            // sending = uncertain: the server stopped during the call; it is never sent again by itself.
            assertThat(status).isIn("sent", "sending");
            assertThat(received).as("texts to %s (%s)", voter.phone(), status).hasSizeLessThanOrEqualTo(1);
            if (status.equals("sent")) {
                assertThat(received).hasSize(1);
            }
        }
    }

    // --- helpers

    KeycloakAdmin.Answer start(Map<String, Object> request) {
        return server.admin().post(SENDINGS, request);
    }

    void cancelActiveSends() {
        for (JsonNode job : server.admin().get(SENDINGS).expect(200).json()) {
            if (job.get("state").asText().equals("running")
                    || job.get("state").asText().equals("paused")) {
                server.admin()
                        .post(SENDINGS + "/" + job.get("id").asText() + "/cancel", "")
                        .expect(200);
            }
        }
    }

    JsonNode awaitState(String id, String state) {
        return awaitJob(id, job -> job.get("state").asText().equals(state), "state " + state);
    }

    /** Polls the job (bounded: a send of a few dozen voters takes seconds, a restart a minute or two). */
    JsonNode awaitJob(String id, Predicate<JsonNode> condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        JsonNode job = null;
        while (Instant.now().isBefore(deadline)) {
            job = server.admin().get(SENDINGS + "/" + id).expect(200).json();
            if (condition.test(job)) {
                return job;
            }
            try {
                Thread.sleep(500); // the worker's ticks are what we wait for: nothing to block on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("The send never reached " + what + ": " + job);
    }

    JsonNode user(Voter voter) {
        return server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId())
                .expect(200)
                .json();
    }

    static String attribute(JsonNode user, String name) {
        JsonNode values = user.path("attributes").path(name);
        return values.isArray() && !values.isEmpty() ? values.get(0).asText() : null;
    }

    static JsonNode find(JsonNode array, Predicate<JsonNode> condition) {
        for (JsonNode node : array) {
            if (condition.test(node)) {
                return node;
            }
        }
        throw new AssertionError("None matches in " + array);
    }

    static List<Voter> concat(List<Voter> first, List<Voter> second) {
        List<Voter> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    static String identifierIn(String message) {
        Matcher matcher = IDENTIFIER.matcher(message);
        assertThat(matcher.find()).as("an identifier in: %s", message).isTrue();
        return matcher.group();
    }
}
