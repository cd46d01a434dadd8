import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The realm of a new election from vote-realm.json: another realm name, another voting site, another
 * display name; everything else (flows, policy, brute force, sessions, events, headers, themes) as in
 * the file. Needs only a JDK 21 (the one Keycloak runs on), no library:
 *
 * <pre>
 *   java realm-export/NewElection.java --realm cse-2027-acme --site https://vote.acme.example \
 *        --name "Élections CSE 2027 - Acme" [--resolve] [--from realm-export/vote-realm.json] > cse-2027-acme.json
 * </pre>
 *
 * The voting site's placeholders (VOTING_SITE_URL, VOTING_SITE_ORIGIN) are replaced by the site given:
 * they differ from one election to the next, while one Keycloak serves several elections. The other
 * placeholders (SMTP_...) stay for Keycloak to fill at import ({@code kc.sh import}, {@code --import-realm})
 * from its environment. With {@code --resolve} they are filled now from this command's environment
 * (or their defaults), for an import through the admin console or REST API, which fill nothing; the
 * output then holds SMTP_PASSWORD when it is set: delete the file after the import.
 */
public final class NewElection {

    /** ${NAME:default} with an upper-case NAME: environment placeholders, not message keys like ${email}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^}]*)}");
    private static final Pattern REALM_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public static void main(String[] args) throws IOException {
        String realm = null;
        String site = null;
        String name = null;
        boolean resolve = false;
        Path from = Path.of("realm-export/vote-realm.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--realm" -> realm = value(args, ++i);
                case "--site" -> site = value(args, ++i);
                case "--name" -> name = value(args, ++i);
                case "--from" -> from = Path.of(value(args, ++i));
                case "--resolve" -> resolve = true;
                default -> fail("unknown argument " + args[i]);
            }
        }
        if (realm == null || site == null) {
            fail("--realm and --site are required");
        }
        if (!REALM_NAME.matcher(realm).matches()) {
            fail("realm name: lower-case letters, digits and dashes, e.g. cse-2027-acme");
        }
        URI siteUri = URI.create(site.endsWith("/") ? site.substring(0, site.length() - 1) : site);
        if (!siteUri.isAbsolute() || siteUri.getHost() == null
                || !("https".equals(siteUri.getScheme()) || "http".equals(siteUri.getScheme()))) {
            fail("--site must be the voting site's address, e.g. https://vote.acme.example");
        }
        String origin = siteUri.getScheme() + "://" + siteUri.getHost() + (siteUri.getPort() < 0 ? "" : ":" + siteUri.getPort());
        String out = transform(Files.readString(from, StandardCharsets.UTF_8), realm, siteUri.toString(), origin,
                name, resolve ? System.getenv() : null);
        System.out.write(out.getBytes(StandardCharsets.UTF_8)); // UTF-8 whatever the terminal's locale
        System.out.flush();
    }

    /** The realm file with the election's values; {@code environment} null keeps the other placeholders. */
    static String transform(String json, String realm, String site, String origin, String name, Map<String, String> environment) {
        String out = replaceTopLevel(json, "realm", realm);
        if (name != null) {
            out = replaceTopLevel(out, "displayName", name);
            out = replaceTopLevel(out, "displayNameHtml", name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        }
        Matcher placeholder = PLACEHOLDER.matcher(out);
        StringBuilder result = new StringBuilder();
        while (placeholder.find()) {
            String variable = placeholder.group(1);
            String value = switch (variable) {
                case "VOTING_SITE_URL" -> jsonEscape(site);
                case "VOTING_SITE_ORIGIN" -> jsonEscape(origin);
                default -> environment == null ? placeholder.group()
                        : jsonEscape(environment.getOrDefault(variable, placeholder.group(2)));
            };
            placeholder.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(result);
        return result.toString();
    }

    /** Replaces the value of a top-level string property (two-space indent, as in vote-realm.json). */
    private static String replaceTopLevel(String json, String key, String value) {
        Matcher property = Pattern.compile("(?m)^  \"" + key + "\": \"(?:[^\"\\\\]|\\\\.)*\"").matcher(json);
        if (!property.find()) {
            fail("no top-level \"" + key + "\" in the realm file");
        }
        return property.replaceFirst(Matcher.quoteReplacement("  \"" + key + "\": \"" + jsonEscape(value) + "\""));
    }

    private static String jsonEscape(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            fail(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void fail(String message) {
        System.err.println("NewElection: " + message);
        System.err.println("usage: java realm-export/NewElection.java --realm <name> --site <voting site URL> "
                + "[--name <display name>] [--resolve] [--from <realm file>] > <new realm file>");
        System.exit(2);
    }
}
