package fr.isoloir.election;

import fr.isoloir.rest.AdminEndpoint;
import fr.isoloir.rest.ContentTypeCheck;
import fr.isoloir.rest.ErrorResponse;
import fr.isoloir.voter.VoterQueries;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Clob;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code /admin/realms/{realm}/isoloir/election-settings}: the election's settings for the Espace
 * gestionnaire's page "Paramètres de l'élection". Reading needs view-users (every election manager) or
 * view-realm. Changing needs manage-realm: the window decides when voters may log in (a later closing
 * reopens a closed vote) and the voting site's address goes into every identifier message and letter (an
 * insider changing it could send every voter to a look-alike site), which is more than managing voters.
 *
 * <p>A change carries the {@code version} it was made from: the realm's row is locked while the stored
 * values are compared with it, so that of two managers saving from the same page, one saves and the other
 * is told the settings changed meanwhile (409), nothing overwritten unseen. Each change is an admin event
 * of type REALM (a "configuration change" row of the expert's export) naming the attributes changed.
 */
public final class ElectionSettingsResource extends AdminEndpoint {

    public ElectionSettingsResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        super(session, realm, auth, adminEvent);
    }

    /** The form's fields and the version a change is made from. */
    public static final class Form {
        public String electionName;
        public String votingSiteUrl;
        public String helpContact;
        public String timeZone;
        public String opensAt;
        public String closesAt;
        public String version;

        Map<String, String> fields() {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put(SettingsChange.NAME, electionName);
            fields.put(SettingsChange.VOTING_SITE_URL, votingSiteUrl);
            fields.put(SettingsChange.HELP_CONTACT, helpContact);
            fields.put(SettingsChange.TIME_ZONE, timeZone);
            fields.put(SettingsChange.OPENS_AT, opensAt);
            fields.put(SettingsChange.CLOSES_AT, closesAt);
            return fields;
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response read() {
        if (!auth.users().canView() && !auth.realm().canViewRealm()) {
            auth.users().requireView();
        }
        return Response.ok(representation(stored(realm.getAttributes()))).build();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response change(Form form, @Context HttpHeaders headers) {
        auth.realm().requireManageRealm();
        var unreadable = ContentTypeCheck.refusal(headers);
        if (unreadable.isPresent()) {
            return unreadable.get();
        }
        if (form == null) {
            return ErrorResponse.of(
                    Response.Status.BAD_REQUEST, "missing_body", "Send the settings as JSON (GET gives their shape).");
        }
        SettingsChange.Checked checked = SettingsChange.check(form.fields());
        if (!checked.valid()) {
            Map<String, Object> body = ErrorResponse.body(
                    "invalid_settings",
                    String.join(
                            " ",
                            checked.problems().stream()
                                    .map(p -> p.field() + ": " + p.description())
                                    .toList()));
            body.put(
                    "fields",
                    checked.problems().stream()
                            .map(p -> Map.of(
                                    "field",
                                    p.field(),
                                    "key",
                                    p.key(),
                                    "parameters",
                                    p.parameters(),
                                    "description",
                                    p.description()))
                            .toList());
            return ErrorResponse.of(Response.Status.BAD_REQUEST, body);
        }
        Map<String, String> before;
        try {
            before = lockedStoredValues();
        } catch (PersistenceException busy) {
            // Another save held the lock past the database's lock timeout (H2: a few seconds): nothing was
            // written; the page reads the settings again, as for a change made meanwhile.
            session.getTransactionManager().setRollbackOnly();
            return ErrorResponse.of(
                    Response.Status.CONFLICT,
                    ErrorResponse.body(
                            "settings_changed",
                            "Another change of the settings was being saved: read them again, then make your change."));
        }
        if (form.version != null && !form.version.equals(version(before))) {
            return ErrorResponse.of(
                    Response.Status.CONFLICT,
                    ErrorResponse.body(
                            "settings_changed",
                            "The settings changed since you read them: read them again, then make your change."));
        }
        List<String> changed = checked.attributes().entrySet().stream()
                .filter(e -> !Objects.equals(before.getOrDefault(e.getKey(), ""), e.getValue()))
                .map(Map.Entry::getKey)
                .toList();
        for (String attribute : changed) {
            String value = checked.attributes().get(attribute);
            if (value.isEmpty()) {
                realm.removeAttribute(attribute);
            } else {
                realm.setAttribute(attribute, value);
            }
        }
        Map<String, String> after = new TreeMap<>(before);
        checked.attributes().forEach((attribute, value) -> {
            if (value.isEmpty()) {
                after.remove(attribute);
            } else {
                after.put(attribute, value);
            }
        });
        if (!changed.isEmpty()) {
            adminEvent
                    .resource("REALM")
                    .operation(OperationType.UPDATE)
                    .resourcePath("isoloir", "election-settings")
                    .representation(after)
                    .detail("isoloir_action", "election_settings_changed")
                    .detail("changed", String.join(" ", changed))
                    .success();
        }
        return Response.ok(representation(after)).build();
    }

    /** Our attributes as stored, absent ones left out. */
    private static Map<String, String> stored(Map<String, String> attributes) {
        Map<String, String> stored = new TreeMap<>();
        ElectionSettings.ATTRIBUTES.forEach(key -> {
            String value = attributes.get(key);
            if (value != null && !value.isEmpty()) {
                stored.put(key, value);
            }
        });
        return stored;
    }

    /**
     * Locks the realm's row until this transaction ends, then reads our attributes from the database (not
     * from the realm cache, which may hold what this request saw before another change committed).
     */
    private Map<String, String> lockedStoredValues() {
        EntityManager em = VoterQueries.entityManager(session);
        em.createNativeQuery("select ID from REALM where ID = :id for update")
                .setParameter("id", realm.getId())
                .getResultList();
        Map<String, String> attributes = new TreeMap<>();
        for (Object row : em.createNativeQuery(
                        "select NAME, VALUE from REALM_ATTRIBUTE where REALM_ID = :id and NAME like 'isoloir.%'")
                .setParameter("id", realm.getId())
                .getResultList()) {
            Object[] columns = (Object[]) row;
            attributes.put((String) columns[0], text(columns[1]));
        }
        return stored(attributes);
    }

    /** A column's text: the value column is a CLOB on some databases (H2), text on others. */
    private static String text(Object column) {
        if (column instanceof Clob clob) {
            try {
                return clob.getSubString(1, (int) clob.length());
            } catch (SQLException e) {
                throw new IllegalStateException("Unreadable realm attribute", e);
            }
        }
        return column == null ? null : column.toString();
    }

    private Map<String, Object> representation(Map<String, String> stored) {
        ElectionSettings settings = ElectionSettings.read(
                stored,
                realm.getDisplayName(),
                realm.getName(),
                () -> ElectionSettings.clientUrl(session, realm, ElectionSettings.DEFAULT_VOTING_SITE_CLIENT));
        ElectionWindow window = settings.window();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(SettingsChange.NAME, stored.getOrDefault(ElectionSettings.NAME, ""));
        json.put(SettingsChange.VOTING_SITE_URL, stored.getOrDefault(ElectionSettings.VOTING_SITE_URL, ""));
        json.put(SettingsChange.HELP_CONTACT, stored.getOrDefault(ElectionSettings.HELP_CONTACT, ""));
        json.put(SettingsChange.TIME_ZONE, settings.timeZone().getId());
        json.put(SettingsChange.OPENS_AT, SettingsChange.local(window.opensAt(), settings.timeZone()));
        json.put(SettingsChange.CLOSES_AT, SettingsChange.local(window.closesAt(), settings.timeZone()));
        json.put("opensAtInstant", window.opensAt().map(Object::toString).orElse(null));
        json.put("closesAtInstant", window.closesAt().map(Object::toString).orElse(null));
        json.put("state", window.state(Instant.now()).name().toLowerCase(Locale.ROOT));
        json.put(
                "effective",
                Map.of("electionName", settings.electionName(), "votingSiteUrl", settings.votingSiteUrl()));
        json.put("problems", settings.problems());
        json.put("canChange", auth.realm().canManageRealm());
        json.put("version", version(stored));
        return json;
    }

    /** A digest of the stored values: equal versions, equal settings. */
    static String version(Map<String, String> stored) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String key : ElectionSettings.ATTRIBUTES) {
                String value = stored.get(key);
                digest.update((key + "=" + (value == null ? "\u0000" : value) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
