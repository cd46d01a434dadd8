package fr.isoloir.testsupport;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/** Twilio's Messages API faked with WireMock; the real Twilio SDK inside Keycloak talks to it. */
public final class FakeTwilio {

    private static final String MESSAGES = "/2010-04-01/Accounts/[A-Za-z0-9]+/Messages.json";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6,10})\\b");
    private final WireMockServer server;

    FakeTwilio(WireMockServer server) {
        this.server = server;
    }

    /** Twilio accepts every message. */
    static void acceptAll(WireMockServer server) {
        server.resetAll();
        server.stubFor(post(urlPathMatching(MESSAGES))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"SM00000000000000000000000000000000\",\"status\":\"queued\"}")));
    }

    public void acceptAll() {
        acceptAll(server);
    }

    /** Twilio accepts every message from now on; the requests received so far stay countable. */
    public void acceptAllFromNow() {
        server.resetMappings();
        server.stubFor(post(urlPathMatching(MESSAGES))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"SM00000000000000000000000000000000\",\"status\":\"queued\"}")));
    }

    /** Twilio answers every message to this number with this HTTP status (and a Twilio error code). */
    public void failFor(String e164, int status) {
        server.stubFor(post(urlPathMatching(MESSAGES))
                .atPriority(1)
                .withRequestBody(containing("To=" + URLEncoder.encode(e164, StandardCharsets.UTF_8)))
                .willReturn(failure(status)));
    }

    /** Twilio answers the first message to this number with this HTTP status, and accepts the next ones. */
    public void failOnceFor(String e164, int status) {
        String scenario = "once-" + e164;
        server.stubFor(post(urlPathMatching(MESSAGES))
                .atPriority(1)
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("failed")
                .withRequestBody(containing("To=" + URLEncoder.encode(e164, StandardCharsets.UTF_8)))
                .willReturn(failure(status)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder failure(int status) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":" + (status == 400 ? 21211 : status == 429 ? 20429 : 20500)
                        + ",\"message\":\"Failure " + status + "\",\"status\":" + status + "}");
    }

    /** The texts to this number that Twilio accepted (2xx), oldest first: what the voter received. */
    public List<String> acceptedTextsTo(String e164) {
        return server.getAllServeEvents().stream()
                .filter(e -> e.getResponse().getStatus() / 100 == 2)
                .map(e -> e.getRequest())
                .filter(r -> r.getUrl().matches(MESSAGES + ".*") && e164.equals(formField(r, "To")))
                .map(r -> formField(r, "Body"))
                .toList();
    }

    /** Twilio answers every message with this HTTP status. */
    public void failWith(int status) {
        server.resetMappings();
        server.stubFor(post(urlPathMatching(MESSAGES))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":20500,\"message\":\"Internal Server Error\",\"status\":" + status + "}")));
    }

    /** Twilio answers after this delay (longer than the client's read timeout: a timeout). */
    public void answerAfter(Duration delay) {
        server.resetMappings();
        server.stubFor(post(urlPathMatching(MESSAGES))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withFixedDelay((int) delay.toMillis())
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\":\"SM00000000000000000000000000000001\",\"status\":\"queued\"}")));
    }

    /** How many texts Twilio has been asked to send so far, to any number. */
    public int count() {
        return server.findAll(postRequestedFor(urlPathMatching(MESSAGES))).size();
    }

    /** The texts sent to this number so far, oldest first. */
    public List<String> textsTo(String e164) {
        return server.findAll(postRequestedFor(urlPathMatching(MESSAGES))).stream()
                .filter(r -> e164.equals(formField(r, "To")))
                .map(r -> formField(r, "Body"))
                .toList();
    }

    /** Waits (bounded) for the {@code count}-th text to this number and returns it. */
    public String awaitText(String e164, int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            List<String> texts = textsTo(e164);
            if (texts.size() >= count) {
                return texts.get(count - 1);
            }
            try {
                Thread.sleep(100); // polling an HTTP fake: nothing to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("No text #" + count + " for " + e164 + " within 20 s");
    }

    public String awaitCode(String e164, int count) {
        Matcher matcher = CODE.matcher(awaitText(e164, count));
        if (!matcher.find()) {
            throw new AssertionError("No code in the text message");
        }
        return matcher.group(1);
    }

    private static String formField(LoggedRequest request, String name) {
        return Arrays.stream(request.getBodyAsString().split("&"))
                .map(pair -> pair.split("=", 2))
                .filter(pair -> pair.length == 2
                        && URLDecoder.decode(pair[0], StandardCharsets.UTF_8).equals(name))
                .map(pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8))
                .findFirst()
                .orElse(null);
    }
}
