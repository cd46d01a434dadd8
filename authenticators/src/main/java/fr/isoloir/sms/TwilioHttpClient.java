package fr.isoloir.sms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.Twilio;
import com.twilio.constant.EnumConstants;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.HttpClient;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;
import fr.isoloir.ProviderVersion;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicNameValuePair;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HTTP transport under the Twilio SDK, one per factory. It differs from the SDK's
 * {@code NetworkHttpClient} in three ways, all on purpose:
 * <ul>
 *   <li>Bounded time-outs. {@code NetworkHttpClient} forces its own 30 s defaults onto every request, whatever
 *       config it was built with; a voter's login would hold a Keycloak worker that long. Here the connect and
 *       TLS handshake are bounded by the connect time-out, the wait for an answer by the read time-out.</li>
 *   <li>No retries. The SDK re-posts on 5xx; re-posting a message may deliver the code twice and multiplies the
 *       wait. The voter asks for a new code instead.</li>
 *   <li>The Twilio API address is rewritten to the configured base URL, so tests can point it at a fake.</li>
 * </ul>
 * Errors are thrown as {@link ApiException} carrying the real HTTP status (the SDK would take it from the
 * error body, which a proxy's HTML page does not have), and transport failures as {@link ApiConnectionException}.
 * It keeps no per-request state, so one instance serves all threads.
 */
final class TwilioHttpClient extends HttpClient implements AutoCloseable {

    /** Where the SDK sends the Messages API calls ({@code Domains.API}). */
    static final String TWILIO_API = "https://api.twilio.com";

    /** Enough for every Keycloak worker that may send at once; beyond that, callers wait at most the connect time-out. */
    private static final int MAX_CONNECTIONS = 64;

    private final String baseUrl;
    private final CloseableHttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final String userAgent = "isoloir/" + ProviderVersion.get() + " twilio-java/" + Twilio.VERSION;

    TwilioHttpClient(URI apiBaseUrl, Duration connectTimeout, Duration readTimeout) {
        this.baseUrl = apiBaseUrl.toString();
        Timeout connect = Timeout.of(connectTimeout);
        Timeout read = Timeout.of(readTimeout);
        this.http = HttpClients.custom()
                .useSystemProperties() // honour the JVM's proxy settings, as the SDK's own client does
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .useSystemProperties()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                .setSocketTimeout(read)
                                .build())
                        .setDefaultTlsConfig(
                                TlsConfig.custom().setHandshakeTimeout(connect).build())
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .setMaxConnPerRoute(MAX_CONNECTIONS)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connect) // waiting for a free pooled connection
                        .setResponseTimeout(read)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .build();
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        // One attempt, see the class comment. Also skips the base class's lastRequest/lastResponse fields,
        // which would keep the latest SMS text in memory and are not thread-safe.
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        HttpUriRequestBase httpRequest = new HttpUriRequestBase(
                request.getMethod().toString(),
                URI.create(rewrite(request.constructURL().toString())));
        if (request.requiresAuthentication()) {
            httpRequest.addHeader(HttpHeaders.AUTHORIZATION, request.getAuthString());
        }
        for (Map.Entry<String, List<String>> header : request.getHeaderParams().entrySet()) {
            header.getValue().forEach(value -> httpRequest.addHeader(header.getKey(), value));
        }
        httpRequest.addHeader(HttpHeaders.USER_AGENT, userAgent);
        httpRequest.addHeader(HttpHeaders.ACCEPT, ContentType.APPLICATION_JSON.getMimeType());
        if (request.getMethod() != HttpMethod.GET) {
            if (request.getContentType() == EnumConstants.ContentType.JSON) {
                httpRequest.setEntity(new StringEntity(request.getBody(), ContentType.APPLICATION_JSON));
            } else {
                List<NameValuePair> form = new ArrayList<>();
                request.getPostParams()
                        .forEach((name, values) ->
                                values.forEach(value -> form.add(new BasicNameValuePair(name, value))));
                httpRequest.setEntity(new UrlEncodedFormEntity(form, StandardCharsets.UTF_8));
            }
        }

        Response response;
        try {
            response = http.execute(
                    httpRequest,
                    answer -> new Response(
                            answer.getEntity() == null
                                    ? ""
                                    : EntityUtils.toString(answer.getEntity(), StandardCharsets.UTF_8),
                            answer.getCode(),
                            answer.getHeaders()));
        } catch (IOException e) {
            // Time-outs, refused connections, TLS failures. The exception text names the host at most.
            throw new ApiConnectionException(
                    "Twilio unreachable: " + e.getClass().getSimpleName(), e);
        }
        if (response.getStatusCode() >= 400) {
            throw httpError(response);
        }
        return response;
    }

    private String rewrite(String url) {
        return url.startsWith(TWILIO_API) ? baseUrl + url.substring(TWILIO_API.length()) : url;
    }

    private ApiException httpError(Response response) {
        // Keep Twilio's numeric error code (e.g. 21211 "invalid To number") for the logs; drop its message,
        // which may quote the phone number.
        Integer twilioCode = null;
        String moreInfo = null;
        try {
            JsonNode body = json.readTree(response.getContent());
            if (body != null && body.path("code").canConvertToInt()) {
                twilioCode = body.path("code").asInt();
                moreInfo = body.path("more_info").asText(null);
            }
        } catch (IOException | RuntimeException notJson) {
            // An error page from a proxy or load balancer: the status is all we have.
        }
        int status = response.getStatusCode();
        return new ApiException("Twilio answered HTTP " + status, twilioCode, moreInfo, status, null);
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }
}
