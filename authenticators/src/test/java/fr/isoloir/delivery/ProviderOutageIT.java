package fr.isoloir.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.keycloakrunner.KeycloakServer;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Messages;
import fr.isoloir.testsupport.TestRealm;
import fr.isoloir.testsupport.VoterBrowser.Page;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the SMTP server or Twilio fails, the voter stays on the code page, is told within seconds that
 * no code could be sent, and gets one with "send a new code" once the provider is back. Sends happen
 * in the background (MessageDelivery), so the failure shows on the next page the voter loads: the
 * tests reload the page a bounded number of times, as an impatient voter would.
 */
@ExtendWith(IsoloirServer.Extension.class)
class ProviderOutageIT {

    static final String PASSPHRASE = "Un orage a coupé le courrier ce matin";
    static final Messages MESSAGES = Messages.french();
    /** How long the voter may wait for the failure to show: the 2 s Twilio read time-out and some margin. */
    static final Duration FAILURE_SHOWS_WITHIN = Duration.ofSeconds(15);

    private final IsoloirServer server;

    ProviderOutageIT(IsoloirServer server) {
        this.server = server;
    }

    @AfterEach
    void twilioWorksAgain() {
        server.twilio().acceptAll();
    }

    @Nested
    class WhenTheSmtpServerIsDown {

        @Test
        void anEmailVoterIsToldNoCodeCouldBeSentAndGetsOneOnceItIsBack() throws Exception {
            Voter voter = server.voters().byEmail();
            try (TestRealm codes = TestRealm.of(server).withCodeConfig(Map.of("resendWaitSeconds", "0"))) {
                VoterJourney journey = new VoterJourney(server);
                try (TestRealm smtpDown = TestRealm.of(server)
                        .withRealmSettings(Map.of(
                                "smtpServer",
                                Map.of(
                                        "host",
                                        "127.0.0.1",
                                        "port",
                                        Integer.toString(KeycloakServer.freePort()),
                                        "from",
                                        "elections@isoloir.test")))) {
                    journey.openVotingSite().typeIdentifier(voter.typed());
                    assertStillOnTheCodePage(journey.page());

                    // This voter clicks "log in" with an empty code field rather than reloading: the page-level
                    // "could not send" must show beside the field's own error.
                    assertTheFailureShowsWithinBounds(journey, () -> journey.typeCode(""));
                    assertThat(Messages.asShown(journey.page().fieldError("code")))
                            .isEqualTo(MESSAGES.text("isoloirCodeEmpty"));
                }
                assertThat(sendFailures(voter))
                        .as("event isoloir_send_failed for the voter")
                        .isNotEmpty();
                assertThat(server.mailbox().messagesTo(voter.email())).isEmpty();

                journey.askForANewCode();
                assertStillOnTheCodePage(journey.page());
                assertThat(Messages.asShown(journey.page().text())).contains(MESSAGES.text("isoloirCodeResent"));
                journey.typeCode(server.mailbox().awaitCode(voter.email(), 1)).choosePassphrase(PASSPHRASE);
                assertThat(journey.isInPersonalSpace())
                        .as(journey.page().text())
                        .isTrue();
            }
        }
    }

    /** SMTP servers that drop the connection or stall (a tiny local socket server), with short realm time-outs. */
    @Nested
    class WhenTheSmtpServerMisbehaves {

        @ParameterizedTest
        @EnumSource(MisbehavingServer.Behaviour.class)
        void anEmailVoterIsToldNoCodeCouldBeSentAndGetsOneOnceItIsBack(MisbehavingServer.Behaviour behaviour)
                throws Exception {
            Voter voter = server.voters().byEmail();
            try (TestRealm codes = TestRealm.of(server).withCodeConfig(Map.of("resendWaitSeconds", "0"));
                    MisbehavingServer smtp = MisbehavingServer.start(behaviour)) {
                VoterJourney journey = new VoterJourney(server);
                try (TestRealm broken = TestRealm.of(server)
                        .withRealmSettings(Map.of(
                                "smtpServer",
                                Map.of(
                                        "host",
                                        "127.0.0.1",
                                        "port",
                                        Integer.toString(smtp.port()),
                                        "from",
                                        "elections@isoloir.test",
                                        "timeout",
                                        "2000",
                                        "connectionTimeout",
                                        "2000",
                                        "writeTimeout",
                                        "2000")))) {
                    Instant asked = Instant.now();
                    journey.openVotingSite().typeIdentifier(voter.typed());
                    Duration answered = Duration.between(asked, Instant.now());
                    assertStillOnTheCodePage(journey.page());
                    Instant before = Instant.now();
                    assertTheFailureShowsWithinBounds(journey, journey::refresh);
                    System.out.printf(
                            "SMTP %s: identifier page answered in %d ms (the send is in the background),"
                                    + " failure shown to the voter %d ms later, %d connection(s) to the broken server, events %s%n",
                            behaviour,
                            answered.toMillis(),
                            Duration.between(before, Instant.now()).toMillis(),
                            smtp.accepted(),
                            sendFailures(voter).stream()
                                    .map(e -> e.path("details").path("reason").asText())
                                    .toList());
                    assertThat(smtp.accepted())
                            .as("Keycloak reached the broken server")
                            .isPositive();
                }
                assertThat(sendFailures(voter))
                        .as("event isoloir_send_failed for the voter")
                        .isNotEmpty();
                journey.askForANewCode();
                assertStillOnTheCodePage(journey.page());
                journey.typeCode(server.mailbox().awaitCode(voter.email(), 1)).choosePassphrase(PASSPHRASE);
                assertThat(journey.isInPersonalSpace())
                        .as(journey.page().text())
                        .isTrue();
            }
        }
    }

    /** Twilio refusing the request (400), throttling (429): told, recorded with the reason, retried. */
    @Nested
    class WhenTwilioRefusesOrThrottles {

        @ParameterizedTest
        @ValueSource(ints = {400, 429})
        void anSmsVoterIsToldNoCodeCouldBeSentAndGetsOneOnceItIsBack(int status) {
            server.twilio().failWith(status);
            Voter voter = server.voters().bySms();
            try (TestRealm codes = TestRealm.of(server).withCodeConfig(Map.of("resendWaitSeconds", "0"))) {
                VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
                assertStillOnTheCodePage(journey.page());
                assertTheFailureShowsWithinBounds(journey, journey::refresh);
                List<JsonNode> failures = sendFailures(voter);
                System.out.printf(
                        "Twilio %d: failure shown on the code page, events %s%n",
                        status,
                        failures.stream()
                                .map(e -> e.path("details").path("reason").asText())
                                .toList());
                assertThat(failures)
                        .as("event isoloir_send_failed for the voter")
                        .hasSize(1);
                assertThat(failures.get(0).path("details").path("reason").asText())
                        .as("the reason")
                        .isNotBlank();

                server.twilio().acceptAll();
                journey.askForANewCode();
                assertStillOnTheCodePage(journey.page());
                journey.typeCode(server.twilio().awaitCode(voter.phone(), 1)).choosePassphrase(PASSPHRASE);
                assertThat(journey.isInPersonalSpace())
                        .as(journey.page().text())
                        .isTrue();
            }
        }
    }

    @Nested
    class WhenTwilioFails {

        @Test
        void withHttp500AnSmsVoterIsToldNoCodeCouldBeSentAndGetsOneOnceItIsBack() {
            server.twilio().failWith(500);
            Voter voter = server.voters().bySms();
            try (TestRealm codes = TestRealm.of(server).withCodeConfig(Map.of("resendWaitSeconds", "0"))) {
                VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
                assertStillOnTheCodePage(journey.page());

                assertTheFailureShowsWithinBounds(journey, journey::refresh);
                assertThat(sendFailures(voter))
                        .as("event isoloir_send_failed for the voter")
                        .isNotEmpty();
                journey.refresh();
                assertThat(Messages.asShown(journey.page().text()))
                        .as("still said after a reload, until a new code")
                        .contains(MESSAGES.text("isoloirCodeSendFailed"));
                assertThat(sendFailures(voter)).as("recorded once").hasSize(1);

                getsACodeOnceTwilioIsBack(voter, journey);
            }
        }

        @Test
        void byAnsweringAfterTheReadTimeOutAnSmsVoterIsToldNoCodeCouldBeSentAndGetsOneOnceItIsBack() {
            server.twilio().answerAfter(Duration.ofSeconds(5)); // the test server's read time-out is 2 s
            Voter voter = server.voters().bySms();
            try (TestRealm codes = TestRealm.of(server).withCodeConfig(Map.of("resendWaitSeconds", "0"))) {
                VoterJourney journey = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
                assertStillOnTheCodePage(journey.page());

                assertTheFailureShowsWithinBounds(journey, journey::refresh);
                assertThat(sendFailures(voter))
                        .as("event isoloir_send_failed for the voter")
                        .isNotEmpty();

                // Twilio is still slow: asking again answers at once (the send is in the background), as a
                // page that waited for Twilio could not: it would take the 2 s read time-out at least.
                Instant asked = Instant.now();
                journey.askForANewCode();
                assertThat(Duration.between(asked, Instant.now()))
                        .as("the page does not wait for Twilio")
                        .isLessThan(Duration.ofSeconds(2));
                assertStillOnTheCodePage(journey.page());
                // And that code fails too; waiting for it also keeps its late text out of what follows.
                assertTheFailureShowsWithinBounds(journey, journey::refresh);

                getsACodeOnceTwilioIsBack(voter, journey);
            }
        }

        private void getsACodeOnceTwilioIsBack(Voter voter, VoterJourney journey) {
            // WireMock journals a request before its delay: resetting forgets every earlier text for good.
            server.twilio().acceptAll();
            journey.askForANewCode();
            assertStillOnTheCodePage(journey.page());
            assertThat(Messages.asShown(journey.page().text())).contains(MESSAGES.text("isoloirCodeResent"));
            journey.typeCode(server.twilio().awaitCode(voter.phone(), 1)).choosePassphrase(PASSPHRASE);
            assertThat(journey.isInPersonalSpace()).as(journey.page().text()).isTrue();
        }
    }

    /** Reloads or submits the code page until it says the code could not be sent; never more than the bound. */
    void assertTheFailureShowsWithinBounds(VoterJourney journey, Runnable reloadOrSubmit) {
        String failed = MESSAGES.text("isoloirCodeSendFailed");
        Instant deadline = Instant.now().plus(FAILURE_SHOWS_WITHIN);
        int reloads = 0;
        while (!Messages.asShown(journey.page().text()).contains(failed)) {
            assertThat(Instant.now())
                    .as("failure shown within %s (%d reloads)", FAILURE_SHOWS_WITHIN, reloads)
                    .isBefore(deadline);
            pause(Duration.ofMillis(500)); // bounded polling for the background send's outcome
            reloadOrSubmit.run();
            reloads++;
            assertStillOnTheCodePage(journey.page());
        }
        Page page = journey.page();
        assertThat(Messages.asShown(
                        page.document().select("#isoloir-message[role=alert]").text()))
                .as("announced as an alert")
                .isEqualTo(failed);
        assertThat(page.has(VoterJourney.RESEND_FORM))
                .as("the way out is on the page")
                .isTrue();
    }

    /** Never an error page, a stack trace or a blank page: the code page, whole. */
    static void assertStillOnTheCodePage(Page page) {
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        assertThat(page.has(CODE_FORM)).as(page.text()).isTrue();
        assertThat(page.has(VoterJourney.RESEND_FORM)).as(page.text()).isTrue();
        assertThat(page.html()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    List<JsonNode> sendFailures(Voter voter) {
        // Events are written by the request that reported the failure, before its page was sent.
        List<JsonNode> failures = new ArrayList<>();
        server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM + "/events?type=LOGIN_ERROR&user=" + voter.userId()
                        + "&max=100")
                .expect(200)
                .json()
                .forEach(event -> {
                    if ("isoloir_send_failed".equals(event.path("error").asText())) {
                        failures.add(event);
                    }
                });
        return failures;
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
