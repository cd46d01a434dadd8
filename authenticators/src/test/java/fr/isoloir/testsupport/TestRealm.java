package fr.isoloir.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.isoloir.keycloakrunner.KeycloakAdmin;

import java.util.Map;

/**
 * Changes to the imported realm that a test needs for a while (a shorter code validity, no quick-login
 * lockout...), made through the admin REST API like an election manager would, and undone by close():
 * use it in try-with-resources so the shared server is left as the realm file describes it.
 */
public final class TestRealm implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String CODE_CONFIG_ALIAS = "isoloir connection code";

    private final KeycloakAdmin admin;
    private final String realm;
    private final ObjectNode realmBefore = JSON.createObjectNode();
    private JsonNode codeConfigBefore;

    private TestRealm(KeycloakAdmin admin, String realm) {
        this.admin = admin;
        this.realm = realm;
    }

    public static TestRealm of(IsoloirServer server) {
        return new TestRealm(server.admin(), IsoloirServer.REALM);
    }

    /** Sets realm settings (e.g. "quickLoginCheckMilliSeconds" → 1, "smtpServer" → map) until close(). */
    public TestRealm withRealmSettings(Map<String, Object> settings) {
        JsonNode current = admin.get("/admin/realms/" + realm).expect(200).json();
        settings.keySet().forEach(key -> {
            if (!realmBefore.has(key)) {
                realmBefore.set(key, current.has(key) ? current.get(key) : JSON.nullNode());
            }
        });
        ObjectNode update = JSON.createObjectNode();
        settings.forEach((key, value) -> update.set(key, JSON.valueToTree(value)));
        admin.put("/admin/realms/" + realm, update).expect(204);
        return this;
    }

    /** Sets entries of the code step's authenticator config (e.g. "codeValiditySeconds" → "2") until close(). */
    public TestRealm withCodeConfig(Map<String, String> entries) {
        JsonNode config = codeConfig();
        if (codeConfigBefore == null) {
            codeConfigBefore = config.deepCopy();
        }
        ObjectNode updated = config.deepCopy();
        entries.forEach(((ObjectNode) updated.get("config"))::put);
        admin.put(
                        "/admin/realms/" + realm + "/authentication/config/"
                                + config.get("id").asText(),
                        updated)
                .expect(204);
        return this;
    }

    private JsonNode codeConfig() {
        for (JsonNode execution : admin.get(
                        "/admin/realms/" + realm + "/authentication/flows/isoloir%20voter%20forms/executions")
                .expect(200)
                .json()) {
            if (execution.has("authenticationConfig")) {
                return admin.get("/admin/realms/" + realm + "/authentication/config/"
                                + execution.get("authenticationConfig").asText())
                        .expect(200)
                        .json();
            }
        }
        throw new IllegalStateException("The code step has no authenticator config in the realm");
    }

    @Override
    public void close() {
        if (codeConfigBefore != null) {
            admin.put(
                            "/admin/realms/" + realm + "/authentication/config/"
                                    + codeConfigBefore.get("id").asText(),
                            codeConfigBefore)
                    .expect(204);
        }
        if (!realmBefore.isEmpty()) {
            admin.put("/admin/realms/" + realm, realmBefore).expect(204);
        }
    }
}
