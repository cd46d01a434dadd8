package fr.isoloir.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.isoloir.election.ElectionSettings;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
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
 *
 * <p>Figures drawn from Keycloak's event stores (logins, lockouts, lost-identifier requests, the letter
 * files handed out) are answered only to an admin who may view the realm's events (view-events or
 * manage-events), as Keycloak guards them; for others they are left out and {@code eventFigures} says
 * so and names the role.
 *
 * <p>The answer is kept {@value #CACHE_SECONDS} seconds in Keycloak's single-use object store, per realm
 * and per kind of answer (with or without the event figures), and says when it was counted
 * ({@code at}): many managers refreshing cost one count per realm per period. Figures stay correct in a
 * cluster because no node counts anything itself: every answer is counted from the shared database, is
 * at most {@value #CACHE_SECONDS} seconds old and says from when; the store is shared by the nodes (and
 * works with Keycloak's stateless feature), so every node gives the same answer meanwhile.
 */
public final class DashboardResource {

    /** Configured once, then only used: thread-safe. */
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long an answer is served again: fresh enough to follow a send, cheap under many refreshes. */
    static final int CACHE_SECONDS = 20;

    static final String CACHE_PREFIX = "isoloir-dashboard:";
    /** The role that shows the event figures, named in the answer for the page to say. */
    static final String EVENTS_ROLE = "view-events";

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
        auth.users().requireView();
        boolean eventFigures = auth.realm().canViewEvents();
        String key = CACHE_PREFIX + realm.getId() + (eventFigures ? ":with-events" : ":without-events");
        SingleUseObjectProvider cache = session.singleUseObjects();
        Map<String, String> kept = cache.get(key);
        String answer = kept == null ? null : kept.get("json");
        if (answer == null) {
            // Written here rather than by Keycloak's mapper, which leaves out null fields: "not recorded" is said.
            answer = JSON.writeValueAsString(read(Instant.now(), eventFigures));
            cache.put(key, CACHE_SECONDS, Map.of("json", answer));
        }
        return Response.ok(answer, MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .build();
    }

    Map<String, Object> read(Instant now, boolean eventFigures) {
        Figures figures = new FigureQueries(session, realm).read(now, eventFigures);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", now.toString());
        json.put("cacheSeconds", CACHE_SECONDS);
        json.put("timeZone", FigureQueries.PARIS.getId());
        json.put("eventFigures", eventFigures ? object("shown", true) : object("shown", false, "role", EVENTS_ROLE));
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
        Map<String, Object> letters = object(
                "votersWithCode",
                figures.letters().votersWithCode(),
                "postalWithoutLetter",
                figures.letters().postalWithoutLetter());
        json.put("letters", letters);
        json.put("passphrases", figures.passphrases());
        if (eventFigures) {
            Optional<Figures.Exports> exports = figures.letters().exports();
            letters.put("files", exports.map(Figures.Exports::files).orElse(null));
            letters.put("codes", exports.map(Figures.Exports::codes).orElse(null));
            letters.put(
                    "lastAt",
                    exports.flatMap(Figures.Exports::lastAt)
                            .map(Instant::toString)
                            .orElse(null));
            eventFigures(json, figures);
        }
        json.put(
                "advice",
                NextSteps.of(figures).stream()
                        .map(a -> object("key", a.key(), "parameters", a.parameters()))
                        .toList());
        return json;
    }

    private static void eventFigures(Map<String, Object> json, Figures figures) {
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
