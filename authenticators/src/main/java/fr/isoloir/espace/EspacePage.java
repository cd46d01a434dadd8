package fr.isoloir.espace;

import fr.isoloir.election.ElectionSettings;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page's files from the provider jar, and the page itself: {@code index.html} with each
 * {@code {{key}}} replaced by the message of that key in the chosen language, or by the page's own
 * values (realm, addresses), HTML-escaped.
 */
final class EspacePage {

    private static final String FOLDER = "/fr/isoloir/espace/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([\\w.]+)}}");

    private EspacePage() {}

    static String render(String language, RealmModel realm, String adminRealm) {
        Map<String, String> values = new TreeMap<>(bundle(language));
        values.put("lang", language);
        values.put("realm", realm.getName());
        values.put("authRealm", adminRealm);
        values.put("clientId", ManagerClient.CLIENT_ID);
        values.put("base", ManagerClient.redirectPath(realm.getName()));
        values.put(
                "electionName",
                ElectionSettings.read(realm.getAttributes(), realm.getDisplayName(), realm.getName(), () -> "")
                        .electionName());
        values.put("consoleUrl", "/admin/" + adminRealm + "/console/#/" + realm.getName());
        String template = resource("index.html");
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder page = new StringBuilder();
        while (matcher.find()) {
            String key = matcher.group(1);
            String value = switch (key) {
                case "currentFr" -> language.equals("fr") ? " aria-current=\"true\"" : "";
                case "currentEn" -> language.equals("en") ? " aria-current=\"true\"" : "";
                default -> escape(values.getOrDefault(key, key));
            };
            matcher.appendReplacement(page, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(page);
        return page.toString();
    }

    /** The bundle as JSON, for the script's dynamic texts (advice, states). */
    static String messages(String language) {
        try {
            return JsonSerialization.writeValueAsString(bundle(language));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> bundle(String language) {
        Properties properties = new Properties();
        try (InputStream in = open("messages_" + language + ".properties")) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> bundle = new TreeMap<>();
        properties.forEach((key, value) -> bundle.put((String) key, (String) value));
        return bundle;
    }

    static String resource(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = EspacePage.class.getResourceAsStream(FOLDER + name);
        if (in == null) {
            throw new IllegalStateException("Missing from the provider jar: " + FOLDER + name);
        }
        return in;
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
