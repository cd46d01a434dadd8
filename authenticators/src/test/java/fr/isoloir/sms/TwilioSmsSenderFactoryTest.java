package fr.isoloir.sms;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import fr.isoloir.ProviderVersion;
import fr.isoloir.sms.SmsException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The real Twilio SDK path, against a WireMock stand-in for api.twilio.com. */
class TwilioSmsSenderFactoryTest {

    static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    static final String AUTH_TOKEN = "tok-5ecret-never-logged";
    static final String FROM = "+33700000001";
    static final String TO = "+33612345678";
    static final String MASKED_TO = "+33 6 •• •• •• 78";
    static final String TEXT = "Isoloir : votre code de vote est 482916";
    static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
    static final String MESSAGE_SID = "SM11111111111111111111111111111111";

    WireMockServer twilio;
    CapturedLog log;
    TwilioSmsSenderFactory factory;

    @BeforeEach
    void startFakeTwilio() {
        twilio = new WireMockServer(options().dynamicPort());
        twilio.start();
        log = CapturedLog.of("fr.isoloir.sms");
    }

    @AfterEach
    void stop() {
        if (factory != null) {
            factory.close();
        }
        log.close();
        twilio.stop();
    }

    /** A factory configured with an account, its auth token, a sender number and the fake's URL, plus overrides. */
    SmsSender sender(String... overrides) {
        Map<String, String> options = new HashMap<>(Map.of(
                "account-sid", ACCOUNT_SID,
                "auth-token", AUTH_TOKEN,
                "from", FROM,
                "api-base-url", twilio.baseUrl()));
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                options.remove(overrides[i]);
            } else {
                options.put(overrides[i], overrides[i + 1]);
            }
        }
        factory = new TwilioSmsSenderFactory();
        factory.init(new MapConfigScope(options));
        return factory.create(null);
    }

    void twilioAnswers(int status, String body) {
        twilio.stubFor(post(urlEqualTo(MESSAGES))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
    }

    static String twilioError(int code, int status) {
        // Twilio's error messages may quote the recipient: the provider must not pass them on.
        return "{\"code\": " + code + ", \"message\": \"The 'To' number " + TO + " cannot receive this message\","
                + " \"more_info\": \"https://www.twilio.com/docs/errors/" + code + "\", \"status\": " + status + "}";
    }

    SmsException sendFails(SmsSender sender) {
        return catchThrowableOfType(SmsException.class, () -> sender.send(TO, TEXT));
    }

    void assertNothingSecretLeaked(SmsException e) {
        assertThat(e.getMessage())
                .doesNotContain(TEXT)
                .doesNotContain("482916")
                .doesNotContain(TO)
                .doesNotContain(AUTH_TOKEN);
        assertThat(log.all()).doesNotContain("482916").doesNotContain(TO).doesNotContain(AUTH_TOKEN);
    }

    @Nested
    class WhenTwilioAcceptsTheMessage {

        @BeforeEach
        void stub() {
            twilioAnswers(
                    201,
                    "{\"sid\": \"" + MESSAGE_SID + "\", \"status\": \"queued\", \"account_sid\": \"" + ACCOUNT_SID
                            + "\"}");
        }

        @Test
        void postsToFromAndBodyWithBasicAuth() throws SmsException {
            sender().send(TO, TEXT);

            twilio.verify(
                    1,
                    postRequestedFor(urlEqualTo(MESSAGES))
                            .withBasicAuth(new BasicCredentials(ACCOUNT_SID, AUTH_TOKEN))
                            .withHeader(
                                    "Content-Type",
                                    com.github.tomakehurst.wiremock.client.WireMock.containing(
                                            "application/x-www-form-urlencoded"))
                            .withFormParam("To", equalTo(TO))
                            .withFormParam("From", equalTo(FROM))
                            .withFormParam("Body", equalTo(TEXT)));
        }

        @Test
        void logsTheMaskedNumberAndTheMessageSidButNeverTheText() throws SmsException {
            sender().send(TO, TEXT);

            assertThat(log.all())
                    .contains(MASKED_TO)
                    .contains(MESSAGE_SID)
                    .doesNotContain("482916")
                    .doesNotContain(TO)
                    .doesNotContain(AUTH_TOKEN);
        }

        @Test
        void sendsThroughTheMessagingServiceWhenOneIsConfigured() throws SmsException {
            sender("from", null, "messaging-service-sid", "MG0123456789abcdef0123456789abcdef")
                    .send(TO, TEXT);

            twilio.verify(
                    1,
                    postRequestedFor(urlEqualTo(MESSAGES))
                            .withFormParam("MessagingServiceSid", equalTo("MG0123456789abcdef0123456789abcdef"))
                            .withFormParam("To", equalTo(TO))
                            .withRequestBody(notContaining("From=")));
        }

        @Test
        void authenticatesWithTheApiKeyWhenOneIsConfigured() throws SmsException {
            sender(
                            "auth-token",
                            null,
                            "api-key-sid",
                            "SK0123456789abcdef0123456789abcdef",
                            "api-key-secret",
                            "key-5ecret")
                    .send(TO, TEXT);

            // The account SID stays in the path; the key authenticates.
            twilio.verify(
                    1,
                    postRequestedFor(urlEqualTo(MESSAGES))
                            .withBasicAuth(new BasicCredentials("SK0123456789abcdef0123456789abcdef", "key-5ecret")));
        }

        @Test
        void acceptsABaseUrlWithATrailingSlash() throws SmsException {
            sender("api-base-url", twilio.baseUrl() + "/").send(TO, TEXT);

            twilio.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
        }
    }

    @Nested
    class WhenTwilioAnswers400 {

        @Test
        void throwsRejectedWithoutTheText() {
            twilioAnswers(400, twilioError(21211, 400));

            SmsException e = sendFails(sender());

            assertThat(e.reason()).isEqualTo(Reason.REJECTED);
            assertThat(e.getMessage()).isEqualTo("SMS not sent: rejected");
            assertNothingSecretLeaked(e);
        }

        @Test
        void logsTwilioErrorCodeForTheOperator() {
            twilioAnswers(400, twilioError(21211, 400));

            sendFails(sender());

            assertThat(log.all()).contains(MASKED_TO).contains("HTTP 400").contains("21211");
        }
    }

    @Nested
    class WhenTwilioAnswers429 {

        @Test
        void throwsRateLimited() {
            twilioAnswers(429, twilioError(20429, 429));

            SmsException e = sendFails(sender());

            assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
            assertThat(e.reasonCode()).isEqualTo("rate-limited");
            assertNothingSecretLeaked(e);
        }
    }

    @Nested
    class WhenTwilioAnswers500 {

        @Test
        void throwsProviderErrorWithoutTheText() {
            twilioAnswers(500, twilioError(20500, 500));

            SmsException e = sendFails(sender());

            assertThat(e.reason()).isEqualTo(Reason.PROVIDER_ERROR);
            assertNothingSecretLeaked(e);
        }

        @Test
        void doesNotRetryWhichCouldDeliverTheCodeTwice() {
            twilioAnswers(500, twilioError(20500, 500));

            sendFails(sender());

            twilio.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
        }
    }

    @Nested
    class WhenAProxyAnswersWithoutTwilioJson {

        @Test
        void takesTheReasonFromTheHttpStatus() {
            twilio.stubFor(post(urlEqualTo(MESSAGES))
                    .willReturn(aResponse()
                            .withStatus(429)
                            .withHeader("Content-Type", "text/html")
                            .withBody("<html>slow down</html>")));

            assertThat(sendFails(sender()).reason()).isEqualTo(Reason.RATE_LIMITED);
        }
    }

    @Nested
    class WhenTwilioAnswersTooSlowly {

        @Test
        void throwsTimeoutWithoutTheText() {
            twilio.stubFor(post(urlEqualTo(MESSAGES))
                    .willReturn(aResponse()
                            .withStatus(201)
                            .withBody("{\"sid\": \"" + MESSAGE_SID + "\"}")
                            .withFixedDelay(1500)));

            SmsException e = sendFails(sender("read-timeout-ms", "300"));

            assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
            assertNothingSecretLeaked(e);
        }
    }

    @Nested
    class WhenTwilioIsUnreachable {

        @Test
        void throwsTimeout() throws IOException {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }

            SmsException e = sendFails(sender("api-base-url", "http://127.0.0.1:" + closedPort));

            assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
            assertNothingSecretLeaked(e);
        }
    }

    @Nested
    class WhenNotConfigured {

        @Test
        void throwsNotConfiguredWithoutCallingTwilio() {
            factory = new TwilioSmsSenderFactory();
            factory.init(MapConfigScope.of());

            SmsException e = catchThrowableOfType(
                    SmsException.class, () -> factory.create(null).send(TO, TEXT));

            assertThat(e.reason()).isEqualTo(Reason.NOT_CONFIGURED);
            assertThat(twilio.getAllServeEvents()).isEmpty();
        }

        @Test
        void warnsAtStartNamingTheOption() {
            factory = new TwilioSmsSenderFactory();
            factory.init(MapConfigScope.of());

            assertThat(log.warnings())
                    .singleElement()
                    .satisfies(line -> assertThat(line.text()).contains("--spi-sms-sender--twilio--account-sid"));
        }

        @Test
        void saysSoInTheServerInfo() {
            factory = new TwilioSmsSenderFactory();
            factory.init(MapConfigScope.of());

            assertThat(factory.getOperationalInfo()).containsEntry("configured", "false");
        }
    }

    @Nested
    class WhenHalfConfigured {

        @Test
        void refusesToStartWithoutCredentials() {
            assertThatThrownBy(() -> sender("auth-token", null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--spi-sms-sender--twilio--auth-token")
                    .hasMessageContaining("--spi-sms-sender--twilio--api-key-sid");
        }

        @Test
        void refusesToStartWithoutASender() {
            assertThatThrownBy(() -> sender("from", null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--spi-sms-sender--twilio--from")
                    .hasMessageContaining("--spi-sms-sender--twilio--messaging-service-sid");
        }

        @Test
        void refusesToStartWithAnApiKeyButNoSecret() {
            assertThatThrownBy(() -> sender("auth-token", null, "api-key-sid", "SK0123456789abcdef0123456789abcdef"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--spi-sms-sender--twilio--api-key-secret");
        }
    }

    @Nested
    class InTheServerInfo {

        @Test
        void reportsVersionBaseUrlAndTimeoutsButNoSecret() {
            sender(
                    "api-key-sid",
                    "SK0123456789abcdef0123456789abcdef",
                    "api-key-secret",
                    "key-5ecret",
                    "auth-token",
                    null);

            assertThat(factory.getOperationalInfo())
                    .containsEntry("version", ProviderVersion.get())
                    .containsEntry("configured", "true")
                    .containsEntry("api-base-url", twilio.baseUrl())
                    .containsEntry("auth", "api-key")
                    .containsEntry("connect-timeout-ms", "2000")
                    .containsEntry("read-timeout-ms", "5000")
                    .doesNotContainValue("key-5ecret");
            assertThat(log.all()).doesNotContain("key-5ecret");
        }

        @Test
        void reportsDevAsVersionOutsideThePackagedJar() {
            assertThat(ProviderVersion.get()).isEqualTo("dev");
        }
    }
}
