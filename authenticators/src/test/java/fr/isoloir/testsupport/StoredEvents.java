package fr.isoloir.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.keycloakrunner.KeycloakAdmin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The login events Keycloak stored for the realm, read through the admin REST API, newest first. */
public final class StoredEvents {

    private final KeycloakAdmin admin;
    private final String realm;

    private StoredEvents(KeycloakAdmin admin, String realm) {
        this.admin = admin;
        this.realm = realm;
    }

    public static StoredEvents of(IsoloirServer server) {
        return new StoredEvents(server.admin(), IsoloirServer.REALM);
    }

    public static StoredEvents of(KeycloakAdmin admin, String realm) {
        return new StoredEvents(admin, realm);
    }

    /** One stored event, with the fields the tests look at. */
    public record Event(String type, String userId, String error, Map<String, String> details, JsonNode json) {

        public String detail(String name) {
            return details.get(name);
        }

        public static Predicate<Event> step(String step) {
            return event -> step.equals(event.detail("isoloir_step"));
        }
    }

    /** Every stored event of this user (at most 1000). */
    public List<Event> ofUser(String userId) {
        return query("user=" + userId + "&max=1000");
    }

    /** The newest stored events of the realm, whoever they concern. */
    public List<Event> newest(int max) {
        return query("max=" + max);
    }

    private List<Event> query(String query) {
        JsonNode events = admin.get("/admin/realms/" + realm + "/events?" + query)
                .expect(200)
                .json();
        List<Event> list = new ArrayList<>();
        for (JsonNode event : events) {
            Map<String, String> details = new java.util.LinkedHashMap<>();
            if (event.has("details")) {
                event.get("details")
                        .properties()
                        .forEach(e -> details.put(e.getKey(), e.getValue().asText()));
            }
            list.add(new Event(
                    event.path("type").asText(),
                    event.path("userId").asText(null),
                    event.path("error").asText(null),
                    details,
                    event));
        }
        return list;
    }
}
