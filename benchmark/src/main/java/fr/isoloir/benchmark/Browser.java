package fr.isoloir.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One user's browser at the HTTP level, as keycloak-benchmark drives Keycloak: its own cookies, redirects
 * followed by hand until the client's redirect URI (never fetched: the login ends there). Cookies are kept
 * by name for the one host and realm it talks to, Secure ones included: Keycloak marks them Secure even on
 * http://127.0.0.1, which browsers accept on loopback and Java's CookieManager does not.
 */
final class Browser {

    /** A page or a redirect to the client; {@code location} is set for the latter. */
    record Page(int status, String body, URI uri, URI location) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final HttpClient http;
    private final String redirectPrefix;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    Browser(HttpClient http, String redirectPrefix) {
        this.http = http;
        this.redirectPrefix = redirectPrefix;
    }

    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    Page get(URI uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    Page post(URI uri, Map<String, String> form) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private Page send(HttpRequest.Builder request) throws IOException, InterruptedException {
        for (int hops = 0; hops < 10; hops++) {
            if (!cookies.isEmpty()) {
                request.header(
                        "Cookie",
                        cookies.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining("; ")));
            }
            HttpRequest sent = request.timeout(TIMEOUT).build();
            HttpResponse<String> response = http.send(sent, HttpResponse.BodyHandlers.ofString());
            keepCookies(response.headers().allValues("set-cookie"));
            int status = response.statusCode();
            var location = response.headers().firstValue("Location");
            if (status < 300 || status >= 400 || location.isEmpty()) {
                return new Page(status, response.body(), sent.uri(), null);
            }
            URI next = sent.uri().resolve(location.get());
            if (next.toString().startsWith(redirectPrefix)) {
                return new Page(status, response.body(), sent.uri(), next);
            }
            request = HttpRequest.newBuilder(next).GET();
        }
        throw new IOException("more than 10 redirects");
    }

    /** Keeps name=value of each Set-Cookie; an expired or emptied cookie is dropped, as a browser does. */
    void keepCookies(List<String> setCookies) {
        for (String header : setCookies) {
            String[] attributes = header.split(";");
            int equals = attributes[0].indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String name = attributes[0].substring(0, equals).trim();
            String value = attributes[0].substring(equals + 1).trim();
            boolean expired = value.isEmpty();
            for (int i = 1; i < attributes.length; i++) {
                String attribute = attributes[i].trim().toLowerCase(Locale.ROOT);
                if (attribute.equals("max-age=0")
                        || attribute.startsWith("max-age=-")
                        || attribute.startsWith("expires=thu, 01 jan 1970")
                        || attribute.startsWith("expires=thu, 01-jan-1970")) {
                    expired = true;
                }
            }
            if (expired) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    Map<String, String> cookies() {
        return Map.copyOf(cookies);
    }
}
