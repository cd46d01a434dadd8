package fr.isoloir.election;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.testsupport.IsoloirServer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Election settings (realm attributes) a test sets for a while through the admin REST API, put back as
 * they were by close(), so that the shared server's other tests see an election without dates.
 */
final class ElectionAttributes implements AutoCloseable {

    private final IsoloirServer server;
    private final Map<String, String> before = new LinkedHashMap<>();

    private ElectionAttributes(IsoloirServer server) {
        this.server = server;
        JsonNode attributes = current(server);
        // null: absent before, removed again by close()
        ElectionSettings.ATTRIBUTES.forEach(
                key -> before.put(key, attributes.has(key) ? attributes.get(key).asText() : null));
    }

    private static JsonNode current(IsoloirServer server) {
        return server.admin().get(realmPath()).expect(200).json().path("attributes");
    }

    static ElectionAttributes set(IsoloirServer server, Map<String, String> values) {
        ElectionAttributes attributes = new ElectionAttributes(server);
        attributes.put(values);
        return attributes;
    }

    /**
     * Sets (or with null removes) these attributes. A realm update replaces the whole attribute map
     * (the ones it lacks are removed), so the current map goes with the change.
     */
    void put(Map<String, String> values) {
        Map<String, String> attributes = new LinkedHashMap<>();
        current(server)
                .properties()
                .forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
        values.forEach((key, value) -> {
            if (value == null) {
                attributes.remove(key);
            } else {
                attributes.put(key, value);
            }
        });
        server.admin().put(realmPath(), Map.of("attributes", attributes)).expect(204);
    }

    static String realmPath() {
        return "/admin/realms/" + IsoloirServer.REALM;
    }

    @Override
    public void close() {
        put(before);
    }
}
