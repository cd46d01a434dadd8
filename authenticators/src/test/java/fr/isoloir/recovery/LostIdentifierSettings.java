package fr.isoloir.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.testsupport.IsoloirServer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lost-identifier step's authenticator config, changed through the admin REST API the way a
 * manager changes it in the console. Tests share one server and one IP address (127.0.0.1): they run
 * with a high per-IP limit unless a test is about that limit.
 */
public final class LostIdentifierSettings {

    public static final Map<String, String> FOR_TESTS = Map.of("perIpPerHour", "10000");

    private LostIdentifierSettings() {}

    public static void apply(IsoloirServer server, Map<String, String> overrides) {
        KeycloakAdmin admin = server.admin();
        String realm = "/admin/realms/" + IsoloirServer.REALM;
        String flow = URLEncoder.encode("isoloir lost identifier", StandardCharsets.UTF_8)
                .replace("+", "%20");
        JsonNode executions = admin.get(realm + "/authentication/flows/" + flow + "/executions")
                .expect(200)
                .json();
        String configId = null;
        for (JsonNode execution : executions) {
            // The flow starts with the election-window step, which has a config of its own.
            if ("isoloir-lost-identifier".equals(execution.path("providerId").asText())) {
                configId = execution.get("authenticationConfig").asText();
            }
        }
        JsonNode config = admin.get(realm + "/authentication/config/" + configId)
                .expect(200)
                .json();
        Map<String, String> values = new LinkedHashMap<>();
        config.get("config")
                .fields()
                .forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        values.putAll(Map.of(
                "perContactPerHour",
                "3",
                "perContactPerDay",
                "5",
                "realmSmsPerDay",
                "200",
                "captchaValiditySeconds",
                "600"));
        values.putAll(FOR_TESTS);
        values.putAll(overrides);
        admin.put(
                        realm + "/authentication/config/" + configId,
                        Map.of("id", configId, "alias", config.get("alias").asText(), "config", values))
                .expect(204);
    }
}
