package fr.isoloir.election;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.util.ResolveRelative;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The election's settings in one place: its name, the voting site's address, the help contact, and the
 * optional opening and closing instants. The realm attributes {@code isoloir.*} are the source of truth
 * (written by the Espace gestionnaire's "Paramètres de l'élection" page through
 * {@link ElectionSettingsResource}, by the realm import, or by a realm update); everything that needs one
 * of these reads it here, with the same fallbacks everywhere.
 *
 * <p>A damaged value never breaks a login: it is ignored (with a warning in the log) and the fallback
 * applies; {@link #problems()} lists what was ignored, for the settings page.
 */
public final class ElectionSettings {

    public static final String NAME = "isoloir.electionName";
    public static final String VOTING_SITE_URL = "isoloir.votingSiteUrl";
    public static final String HELP_CONTACT = "isoloir.helpContact";
    public static final String OPENS_AT = "isoloir.opensAt";
    public static final String CLOSES_AT = "isoloir.closesAt";
    /** The time zone in which the manager gave the dates (an IANA id such as Europe/Paris). */
    public static final String TIME_ZONE = "isoloir.timeZone";
    /** Every attribute of ours, in the settings page's order. */
    public static final List<String> ATTRIBUTES =
            List.of(NAME, VOTING_SITE_URL, HELP_CONTACT, TIME_ZONE, OPENS_AT, CLOSES_AT);
    /** Where French workplace elections happen, unless the manager chose another zone. */
    public static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("Europe/Paris");

    /** The client whose address is the voting site's when no {@value #VOTING_SITE_URL} is set. */
    public static final String DEFAULT_VOTING_SITE_CLIENT = "voting-site";
    /** Longest name or contact: they go in page headers, SMS and letters. */
    static final int MAX_TEXT = 200;

    private static final Logger LOG = Logger.getLogger(ElectionSettings.class);

    private final String electionName;
    private final String votingSiteUrl;
    private final Optional<String> helpContact;
    private final ZoneId timeZone;
    private final ElectionWindow window;
    private final List<String> problems;

    private ElectionSettings(
            String electionName,
            String votingSiteUrl,
            Optional<String> helpContact,
            ZoneId timeZone,
            ElectionWindow window,
            List<String> problems) {
        this.electionName = electionName;
        this.votingSiteUrl = votingSiteUrl;
        this.helpContact = helpContact;
        this.timeZone = timeZone;
        this.window = window;
        this.problems = List.copyOf(problems);
    }

    /** The realm's settings, the voting site falling back on the {@value #DEFAULT_VOTING_SITE_CLIENT} client. */
    public static ElectionSettings of(KeycloakSession session, RealmModel realm) {
        return of(session, realm, DEFAULT_VOTING_SITE_CLIENT);
    }

    /** The realm's settings, the voting site falling back on this client's resolved base URL. */
    public static ElectionSettings of(KeycloakSession session, RealmModel realm, String votingSiteClientId) {
        ElectionSettings settings = read(
                realm.getAttributes(),
                realm.getDisplayName(),
                realm.getName(),
                () -> clientUrl(session, realm, votingSiteClientId));
        settings.problems.forEach(problem -> LOG.warnf("Isoloir: realm %s: %s (ignored)", realm.getName(), problem));
        return settings;
    }

    /**
     * Reads settings from attribute values, without a server (unit tests, the console page's check).
     *
     * @param clientUrl the voting site client's address, asked only when no valid URL is set
     */
    public static ElectionSettings read(
            Map<String, String> attributes, String displayName, String realmName, Supplier<String> clientUrl) {
        List<String> problems = new ArrayList<>();
        Optional<String> name = text(attributes, NAME, "election name", problems);
        String electionName = name.orElse(present(displayName).orElse(realmName));
        Optional<String> site = present(attributes.get(VOTING_SITE_URL));
        Optional<String> siteProblem = site.flatMap(ElectionSettings::urlProblem);
        siteProblem.ifPresent(p -> problems.add(VOTING_SITE_URL + ": " + p));
        String votingSiteUrl = site.filter(s -> siteProblem.isEmpty()).orElseGet(() -> {
            String url = clientUrl.get();
            return url == null ? "" : url;
        });
        Optional<String> help = text(attributes, HELP_CONTACT, "help contact", problems);
        ZoneId zone = present(attributes.get(TIME_ZONE))
                .flatMap(value -> {
                    Optional<ZoneId> parsed = parseZone(value);
                    if (parsed.isEmpty()) {
                        problems.add(TIME_ZONE + ": \"" + value + "\" is not a time zone such as Europe/Paris");
                    }
                    return parsed;
                })
                .orElse(DEFAULT_TIME_ZONE);
        Optional<OffsetDateTime> opens = instant(attributes, OPENS_AT, problems);
        Optional<OffsetDateTime> closes = instant(attributes, CLOSES_AT, problems);
        ElectionWindow window = new ElectionWindow(opens, closes);
        if (opens.isPresent()
                && closes.isPresent()
                && !closes.get().toInstant().isAfter(opens.get().toInstant())) {
            problems.add(
                    CLOSES_AT + ": the closing instant must come after the opening instant; both dates are ignored");
            window = ElectionWindow.ALWAYS_OPEN;
        }
        return new ElectionSettings(electionName, votingSiteUrl, help, zone, window, problems);
    }

    /** What is wrong with these attribute values, in words for the election manager; empty when all is well. */
    public static List<String> problems(Map<String, String> attributes) {
        return read(attributes, "", "", () -> "").problems();
    }

    /** The election's name: the attribute, else the realm's display name, else the realm's name. */
    public String electionName() {
        return electionName;
    }

    /** The voting site's address: the attribute, else the voting-site client's base URL (may be empty). */
    public String votingSiteUrl() {
        return votingSiteUrl;
    }

    /** Who voters contact for help (free text: a name, an email address, a phone number). */
    public Optional<String> helpContact() {
        return helpContact;
    }

    /** The zone in which the manager gave the dates, for showing them again; Europe/Paris by default. */
    public ZoneId timeZone() {
        return timeZone;
    }

    /** When voters may log in. */
    public ElectionWindow window() {
        return window;
    }

    /** The values ignored, and why. */
    public List<String> problems() {
        return problems;
    }

    /**
     * The opening or closing instant as stored: ISO-8601 with an offset, such as 2027-03-12T09:00:00+01:00.
     * Years outside 2000-2100 are refused: an extreme year parses, then fails when shown in a time zone.
     */
    public static Optional<OffsetDateTime> parseInstant(String value) {
        try {
            OffsetDateTime instant = OffsetDateTime.parse(value.trim());
            return instant.getYear() < 2000 || instant.getYear() > 2100 ? Optional.empty() : Optional.of(instant);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A time zone by its IANA id (Europe/Paris, America/Cayenne); fixed offsets and abbreviations are refused. */
    public static Optional<ZoneId> parseZone(String value) {
        String id = value == null ? "" : value.trim();
        if (!id.contains("/")) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(id));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Longer than any real site address; the address goes into every identifier message. */
    static final int MAX_URL = 300;

    /**
     * Why this voting site address is unusable in a message, or empty if it is fine. It goes into every
     * identifier message, so: https (plain http only on this machine's loopback, for the demo), no
     * "user@" part (https://vote.exemple.fr@other.example/ leads elsewhere than it reads), a bounded length.
     */
    static Optional<String> urlProblem(String value) {
        if (value.length() > MAX_URL) {
            return Optional.of("the address is longer than " + MAX_URL + " characters");
        }
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                return Optional.of("\"" + value + "\" is not a web address: it must start with https://");
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                return Optional.of("\"" + value + "\" has no host name (e.g. https://vote.example.org/)");
            }
            if (uri.getRawUserInfo() != null) {
                return Optional.of("\"" + value + "\" holds a user name before its host, which misleads readers");
            }
            if (scheme.equals("http") && !LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
                return Optional.of("\"" + value + "\" must start with https:// (http only for localhost)");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("\"" + value + "\" is not a valid web address (" + e.getReason() + ")");
        }
    }

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private static Optional<String> text(
            Map<String, String> attributes, String key, String what, List<String> problems) {
        Optional<String> value = present(attributes.get(key));
        if (value.isPresent() && value.get().length() > MAX_TEXT) {
            problems.add(key + ": the " + what + " is longer than " + MAX_TEXT + " characters");
            return Optional.empty();
        }
        return value;
    }

    private static Optional<OffsetDateTime> instant(Map<String, String> attributes, String key, List<String> problems) {
        Optional<String> value = present(attributes.get(key));
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Optional<OffsetDateTime> parsed = parseInstant(value.get());
        if (parsed.isEmpty()) {
            problems.add(key + ": \"" + value.get() + "\" is not a date and time with its offset, "
                    + "such as 2027-03-12T09:00:00+01:00");
        }
        return parsed;
    }

    private static Optional<String> present(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** This client's resolved base URL, or empty. */
    static String clientUrl(KeycloakSession session, RealmModel realm, String clientId) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null) {
            return "";
        }
        String base = client.getBaseUrl() == null || client.getBaseUrl().isBlank() ? "/" : client.getBaseUrl();
        String url = ResolveRelative.resolveRelativeUri(session, client.getRootUrl(), base);
        return url == null ? "" : url;
    }
}
