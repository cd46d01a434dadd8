package fr.isoloir.testsupport;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A voter's browser at the HTTP level, the way keycloak-benchmark drives Keycloak: follows redirects,
 * keeps cookies (Secure ones included on loopback), reads forms with jsoup and posts them.
 * No JavaScript: the voter pages must work without it.
 */
public final class VoterBrowser {

    private final LoopbackCookieHandler cookies = new LoopbackCookieHandler();
    private final HttpClient http;

    public VoterBrowser() {
        this(null);
    }

    /**
     * A browser whose connections leave from {@code localAddress} (a loopback address such as 127.0.0.2):
     * Keycloak then sees the voter on another network than the default 127.0.0.1. Null: the system's choice.
     */
    public VoterBrowser(java.net.InetAddress localAddress) {
        // HTTP/1.1 as browsers speak to an http:// server (no h2c upgrade); the upgrade also made the client
        // reject Keycloak's 413 for an over-size body (its Connection header) instead of showing it.
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5));
        http = (localAddress == null ? builder : builder.localAddress(localAddress)).build();
    }

    /** Query parameters that change with every request: session codes, executions, tabs, client data. */
    private static final Pattern PER_REQUEST_PARAMETER =
            Pattern.compile("\\b(session_code|execution|tab_id|client_data)=[^&\"'\\s<>]*");
    /** Nonce attributes, which change with every response. */
    private static final Pattern NONCE = Pattern.compile("\\bnonce=\"[^\"]*\"");

    /** A page as the voter sees it. */
    public record Page(int status, URI uri, String html) {
        public Document document() {
            return Jsoup.parse(html, uri.toString());
        }

        public String text() {
            return document().body().text();
        }

        public String title() {
            return document().title();
        }

        /** The form's action, resolved against the page (Keycloak forms post to login-actions URLs). */
        public Element form(String cssSelector) {
            Element form = document().selectFirst(cssSelector);
            if (form == null) {
                throw new AssertionError("No form " + cssSelector + " on " + uri + " (" + status + "):\n" + text());
            }
            return form;
        }

        public boolean has(String cssSelector) {
            return document().selectFirst(cssSelector) != null;
        }

        /** The page-level message (error alert or status), or null when there is none. */
        public String message() {
            Element message = document().getElementById("isoloir-message");
            return message == null ? null : message.text();
        }

        /**
         * The HTML with what differs from one request to the next masked (session codes, executions, tab
         * ids, client data, nonces), so that two pages can be compared for everything else.
         */
        public String normalisedHtml() {
            return NONCE.matcher(PER_REQUEST_PARAMETER.matcher(html).replaceAll("$1=…"))
                    .replaceAll("nonce=\"…\"");
        }

        /** The error text bound to a field through aria-describedby, or null. */
        public String fieldError(String fieldName) {
            Element input = document().selectFirst("[name=" + fieldName + "]");
            if (input == null || !"true".equals(input.attr("aria-invalid"))) {
                return null;
            }
            for (String id : input.attr("aria-describedby").split("\\s+")) {
                Element described = document().getElementById(id);
                if (described != null && described.hasClass("isoloir-error")) {
                    return described.text();
                }
            }
            return null;
        }
    }

    public Page open(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    /**
     * Submits the first form matching the selector with its current values (hidden fields included),
     * overridden by the given fields; a button named in {@code fields} is sent like a click.
     */
    public Page submit(Page page, String formSelector, Map<String, String> fields) {
        return submit(page, formSelector, fields, null);
    }

    private Page submit(Page page, String formSelector, Map<String, String> fields, URI origin) {
        Element form = page.form(formSelector);
        Map<String, String> values = new LinkedHashMap<>();
        for (Element input : form.select("input[name]")) {
            String type = input.attr("type");
            if (!type.equals("submit") && !type.equals("checkbox") && !type.equals("radio")) {
                values.put(input.attr("name"), input.val());
            }
        }
        values.putAll(fields);
        URI action = URI.create(form.absUrl("action"));
        if (origin != null) {
            action = origin.resolve(
                    action.getRawPath() + (action.getRawQuery() == null ? "" : "?" + action.getRawQuery()));
        }
        return post(action, values);
    }

    /**
     * Posts the form of {@code page} once per entry of {@code fieldsEach}, all at the same time (each thread
     * waits at a gate until every one is ready), with the form's current action URL; returns the answers.
     */
    public java.util.List<Page> submitConcurrently(
            Page page, String formSelector, java.util.List<Map<String, String>> fieldsEach) {
        return submitConcurrently(page, formSelector, fieldsEach, java.util.List.of());
    }

    /**
     * As above, post {@code i} sent to {@code origins[i % n]} (scheme, host and port; the action's path and
     * query kept): half a burst to each node of a cluster, behind the balancer's back. Empty: the action as is.
     */
    public java.util.List<Page> submitConcurrently(
            Page page,
            String formSelector,
            java.util.List<Map<String, String>> fieldsEach,
            java.util.List<URI> origins) {
        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newFixedThreadPool(fieldsEach.size());
        try {
            java.util.concurrent.CyclicBarrier gate = new java.util.concurrent.CyclicBarrier(fieldsEach.size());
            java.util.List<java.util.concurrent.Future<Page>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < fieldsEach.size(); i++) {
                Map<String, String> fields = fieldsEach.get(i);
                URI origin = origins.isEmpty() ? null : origins.get(i % origins.size());
                answers.add(pool.submit(() -> {
                    gate.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    return origin == null
                            ? submit(page, formSelector, fields)
                            : submit(page, formSelector, fields, origin);
                }));
            }
            java.util.List<Page> pages = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Page> answer : answers) {
                pages.add(answer.get(120, java.util.concurrent.TimeUnit.SECONDS));
            }
            return pages;
        } catch (Exception e) {
            throw new AssertionError("concurrent posts failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    public Page post(URI action, Map<String, String> values) {
        String body = values.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Posts exactly these bytes with this content type (none when null), as a hostile client would:
     * invalid UTF-8, duplicated or missing fields, a JSON body on a form... (hardening tests).
     */
    public Page postRaw(URI action, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(action).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    private volatile java.net.http.HttpHeaders lastHeaders;

    /** The response headers of the last page loaded (after redirects). */
    public java.net.http.HttpHeaders lastHeaders() {
        return lastHeaders;
    }

    /** Every Set-Cookie header this browser received so far, redirects included. */
    public java.util.List<String> setCookieHeaders() {
        return cookies.setCookieHeaders();
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(
                    request.timeout(Duration.ofSeconds(60))
                            .header("Accept-Language", "fr")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            lastHeaders = response.headers();
            return new Page(response.statusCode(), response.uri(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
