package fr.isoloir.hardening;

import fr.isoloir.testsupport.VoterBrowser.Page;
import org.jsoup.nodes.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every answer to hostile input must be: no server error, no stack trace or exception class
 * name, never a blank page (a voter page always has its heading, and a form or a message), nothing
 * reflected unescaped, no FreeMarker evaluated.
 */
final class Oracle {

    /** Traces of a Java exception or a template error in a body. */
    static final List<String> STACK_TRACE_MARKERS = List.of(
            "Exception",
            "\tat ",
            "java.lang.",
            "org.keycloak.",
            "fr.isoloir.",
            "freemarker.",
            "FreeMarker template error",
            "Caused by",
            "NullPointer",
            "jakarta.");

    private static final Pattern SCRIPT_TAG =
            Pattern.compile("<script(?![^>]*\\bsrc=\"/resources/)[^>]*>", Pattern.CASE_INSENSITIVE);
    /**
     * Keycloak's own inline script after a form post (BrowserHistoryHelper: puts the step's address in the
     * address bar). The realm's CSP blocks it; js/isoloir.js does the same job. It carries no typed value.
     */
    static final Pattern KEYCLOAK_HISTORY_SCRIPT = Pattern.compile(
            "<SCRIPT> if \\(typeof history.replaceState === 'function'\\) \\{  history.replaceState\\(\\{\\}, \"some title\", \"[^\"<>]*\"\\); \\}</SCRIPT>");

    private static final Pattern TYPED_VALUE = Pattern.compile("value=\"[^\"]*\"");
    /** Invalid percent-encoding: '%' not followed by two hex digits. */
    private static final Pattern BAD_PERCENT = Pattern.compile("%(?![0-9A-Fa-f]{2})");
    /** Quarkus' limit on a form attribute (Keycloak's default). */
    static final int QUARKUS_FORM_ATTRIBUTE_LIMIT = 131072;

    private Oracle() {}

    /** The problems of a voter page (empty when it is fine). */
    static List<String> voterPage(Page page) {
        List<String> problems = new ArrayList<>();
        if (page.status() >= 500) {
            problems.add("HTTP " + page.status());
        }
        String html = page.html() == null ? "" : page.html();
        if (html.isBlank()) {
            problems.add("blank body (HTTP " + page.status() + ")");
            return problems;
        }
        // What the voter typed comes back escaped in value="..." (a typo shown for correction): not a trace.
        stackTrace(TYPED_VALUE.matcher(html).replaceAll("value=\"…\""), problems);
        for (Element element : page.document().getAllElements()) {
            element.attributes().forEach(attribute -> {
                if (attribute.getKey().toLowerCase(Locale.ROOT).startsWith("on")) {
                    problems.add("reflected unescaped: an event-handler attribute " + attribute.getKey());
                }
            });
        }
        Element title = page.document().getElementById("isoloir-title");
        if (title == null || title.text().isBlank()) {
            problems.add("not one of our pages: no heading (HTTP " + page.status() + ", "
                    + page.uri().getPath() + "): "
                    + HostileInputs.describe(page.document().text()));
        } else if (page.document()
                        .selectFirst("form, #isoloir-message, a.isoloir-button, #isoloir-restart, #isoloir-back")
                == null) {
            problems.add("a page with neither a form nor a message nor a way on: " + title.text());
        }
        for (Element input :
                page.document().select("input:not([type=hidden]):not([type=submit]):not([hidden]), textarea")) {
            if (!input.hasAttr("maxlength")) {
                problems.add("a field without maxlength, through which a browser would send megabytes: "
                        + input.attr("name"));
            }
        }
        reflected(page.normalisedHtml(), problems);
        Matcher script =
                SCRIPT_TAG.matcher(KEYCLOAK_HISTORY_SCRIPT.matcher(html).replaceAll(""));
        if (script.find()) {
            problems.add("a script element that is not ours: " + HostileInputs.describe(script.group()));
        }
        return problems;
    }

    /**
     * When a request is refused by a layer below the extension (Quarkus' HTTP server, RESTEasy Reactive's
     * form parser, before Keycloak calls any code of ours) for a reason no browser produces from our pages,
     * why; else null. These are counted and printed apart, and listed in docs/security.md: they cannot be
     * fixed in the extension, only upstream or at the proxy.
     */
    static String outsideTheExtension(int status, String contentType, byte[] body, String answer) {
        if (status == 400 && answer != null && answer.contains("Blocking invalid query parameter value")) {
            return "400 from Keycloak's query filter: a control character in a query parameter (a tampered address)";
        }
        return outsideTheExtension(status, contentType, body);
    }

    static String outsideTheExtension(int status, String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String text = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (status == 413 && body.length > QUARKUS_FORM_ATTRIBUTE_LIMIT) {
            return "413 from Quarkus: a field over its 128 KB form-attribute limit (every field of ours has a maxlength)";
        }
        if (status < 500) {
            return null;
        }
        if (type.contains("charset=nonsense")) {
            return "500 from RESTEasy Reactive: unsupported charset in Content-Type";
        }
        if (type.startsWith("multipart/")) {
            return "500 from RESTEasy Reactive: a body that is not the multipart it claims";
        }
        if (type.startsWith("application/x-www-form-urlencoded")
                && BAD_PERCENT.matcher(text).find()) {
            return "500 from RESTEasy Reactive: invalid percent-encoding in a form body";
        }
        if (contentType != null && (type.isBlank() || type.equals("*/*"))) {
            return "500 from Keycloak's security-headers filter: a Content-Type header that is not a media type";
        }
        return null;
    }

    /**
     * Whether the text holds the secret as a token of its own, not inside a longer run of letters and
     * digits: a 6-digit code is found inside some of the thousands of UUIDs a log holds by chance
     * ("...-1e2010468432"), which is no leak; a leaked code stands alone ("code 468432", "=468432").
     */
    static boolean holdsToken(String text, String secret) {
        return java.util.regex.Pattern.compile(
                        "(?<![0-9A-Za-z])" + java.util.regex.Pattern.quote(secret) + "(?![0-9A-Za-z])")
                .matcher(text)
                .find();
    }

    /**
     * The problems of the server's log over a run: a secret (code, passphrase, postal code) in it, or more
     * uncaught server errors than the 500s counted as refused below the extension.
     */
    static List<String> serverLog(
            String log, List<String> secrets, java.util.Map<String, Integer> outsideTheExtension) {
        List<String> problems = new ArrayList<>();
        for (String secret : secrets) {
            if (holdsToken(log, secret)) {
                problems.add(
                        "server log: holds a secret (" + secret.length() + " chars, starts " + secret.charAt(0) + ")");
            }
        }
        long uncaught =
                log.lines().filter(l -> l.contains("Uncaught server error")).count();
        int refusedWith500 = outsideTheExtension.entrySet().stream()
                .filter(e -> e.getKey().startsWith("500"))
                .mapToInt(java.util.Map.Entry::getValue)
                .sum();
        if (uncaught > refusedWith500) {
            problems.add("server log: " + uncaught + " uncaught server errors, more than the " + refusedWith500
                    + " refusals below the extension");
        }
        System.out.printf(
                "Server log: %d secrets searched for; %d uncaught server errors, %d refusals with 500 below the extension%n",
                secrets.size(), uncaught, refusedWith500);
        return problems;
    }

    /** The problems of an admin REST answer, or of any answer that is not one of our pages (a voting-site page). */
    static List<String> adminAnswer(int status, String body) {
        List<String> problems = new ArrayList<>();
        if (status >= 500) {
            problems.add("HTTP " + status + ": " + HostileInputs.describe(body));
        }
        stackTrace(body == null ? "" : body, problems);
        reflected(body == null ? "" : body, problems);
        return problems;
    }

    /**
     * The problems of an answer of our election-administration REST endpoints or of Keycloak's components
     * endpoint (the console pages): no server error or trace; a refusal says why in JSON (ours: {@code error_description};
     * Keycloak's: {@code errorMessage}, or {@code error} for what its JAX-RS layer refuses: wrong content type,
     * unknown address, unreadable JSON); markup is checked for outside JSON documents only, since inside one
     * served as JSON (with nosniff) it is data that no browser runs, and the console shows it as text.
     */
    static List<String> restAnswer(int status, String contentType, String body) {
        List<String> problems = new ArrayList<>();
        String text = body == null ? "" : body;
        if (status >= 500) {
            problems.add("HTTP " + status + ": " + HostileInputs.describe(text));
        }
        // What was sent may come back as data (a header name in the import report): not a trace.
        String sentRemoved = text;
        for (String fragment : HostileInputs.FRAGMENTS) {
            if (!fragment.isBlank()) {
                sentRemoved = sentRemoved
                        .replace(HostileInputs.jsonEscape(fragment), "")
                        .replace(fragment, "");
            }
        }
        stackTrace(sentRemoved, problems);
        com.fasterxml.jackson.databind.JsonNode json = null;
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            try {
                json = JSON.readTree(text);
            } catch (java.io.IOException notJson) {
                problems.add("answer says JSON but is not: " + HostileInputs.describe(text));
            }
        }
        if (json == null) {
            reflected(text, problems);
        }
        if (status >= 400
                && (json == null
                        || (json.path("error_description").asText("").isBlank()
                                && json.path("errorMessage").asText("").isBlank()
                                && json.path("error").asText("").isBlank()))) {
            problems.add("a refusal without a message in JSON (HTTP " + status + ", " + contentType + "): "
                    + HostileInputs.describe(text));
        }
        return problems;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static void stackTrace(String body, List<String> problems) {
        for (String marker : STACK_TRACE_MARKERS) {
            if (body.contains(marker)) {
                int at = body.indexOf(marker);
                problems.add("stack trace or class name in the body (" + marker.trim() + "): "
                        + HostileInputs.describe(
                                body.substring(Math.max(0, at - 40), Math.min(body.length(), at + 80))));
                return;
            }
        }
    }

    private static void reflected(String body, List<String> problems) {
        for (String marker : HostileInputs.UNESCAPED_MARKERS) {
            if (body.toLowerCase(Locale.ROOT).contains(marker.toLowerCase(Locale.ROOT))) {
                problems.add("reflected unescaped: " + marker);
            }
        }
        for (String marker : HostileInputs.EVALUATED_MARKERS) {
            if (body.contains(marker)) {
                problems.add("FreeMarker evaluated: " + marker);
            }
        }
    }
}
