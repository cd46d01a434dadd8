package fr.isoloir.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.isoloir.election.ElectionSettings;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /admin/realms/{realm}/isoloir/dashboard}: the election's figures and the advice that
 * follows from them, for anyone who may view the realm's users (view-users, or manage-users). Reading
 * it changes nothing and is no admin event. Absent figures are {@code null}: the realm does not record
 * what they count (events off), which the page says rather than showing a zero.
 */
public final class DashboardResource {

    /** Configured once, then only used: thread-safe. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public DashboardResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response figures() throws IOException {
        // Written here rather than by Keycloak's mapper, which leaves out null fields: "not recorded" is said.
        return Response.ok(JSON.writeValueAsString(read()), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    Map<String, Object> read() {
        auth.users().requireView();
        Instant now = Instant.now();
        Figures figures = new FigureQueries(session, realm).read(now);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", now.toString());
        json.put("election", election(figures.window()));
        Map<String, Object> voters = new LinkedHashMap<>();
        voters.put("total", figures.voters().total());
        for (String channel : List.of("email", "sms", "postal")) {
            voters.put(channel, figures.voters().on(channel));
        }
        json.put("voters", voters);
        Map<String, Object> identifiers = new LinkedHashMap<>();
        figures.delivery()
                .forEach((channel, d) -> identifiers.put(
                        channel,
                        object(
                                "sent",
                                d.sent(),
                                "failed",
                                d.failed(),
                                "uncertain",
                                d.uncertain(),
                                "pending",
                                d.pending(),
                                "notYetSent",
                                d.never())));
        json.put("identifiers", identifiers);
        Map<String, Object> reasons = new LinkedHashMap<>();
        figures.failureReasons().forEach((channel, counts) -> {
            List<Map<String, Object>> list = new ArrayList<>();
            counts.forEach((reason, count) -> list.add(object("reason", reason, "count", count)));
            reasons.put(channel, list);
        });
        json.put("failureReasons", reasons);
        Optional<Figures.Exports> exports = figures.letters().exports();
        json.put(
                "letters",
                object(
                        "votersWithCode",
                        figures.letters().votersWithCode(),
                        "postalWithoutLetter",
                        figures.letters().postalWithoutLetter(),
                        "files",
                        exports.map(Figures.Exports::files).orElse(null),
                        "codes",
                        exports.map(Figures.Exports::codes).orElse(null),
                        "lastAt",
                        exports.flatMap(Figures.Exports::lastAt)
                                .map(Instant::toString)
                                .orElse(null)));
        json.put("passphrases", figures.passphrases());
        json.put(
                "logins",
                object(
                        "today",
                        figures.logins().today().orElse(null),
                        "total",
                        figures.logins().total().orElse(null)));
        json.put("lockouts", figures.lockouts().orElse(null));
        json.put(
                "lostIdentifiers",
                figures.lostIdentifiers()
                        .map(l -> object("sent", l.sent(), "nothingSent", l.nothingSent()))
                        .orElse(null));
        json.put(
                "advice",
                NextSteps.of(figures).stream()
                        .map(a -> object("key", a.key(), "parameters", a.parameters()))
                        .toList());
        return json;
    }

    private Map<String, Object> election(Figures.Window window) {
        return object(
                "name",
                ElectionSettings.of(session, realm).electionName(),
                "opensAt",
                window.opensAt().orElse(null),
                "closesAt",
                window.closesAt().orElse(null),
                "state",
                window.state());
    }

    /** A JSON object in this order; values may be null (Map.of refuses them). */
    private static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }
}
