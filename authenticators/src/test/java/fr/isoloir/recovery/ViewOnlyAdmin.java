package fr.isoloir.recovery;

import fr.isoloir.demo.KeycloakAdmin;
import fr.isoloir.testsupport.IsoloirServer;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A master-realm admin who may view the vote realm's users but not manage them. */
public final class ViewOnlyAdmin {

    private ViewOnlyAdmin() {
    }

    public static KeycloakAdmin create(IsoloirServer server) {
        KeycloakAdmin admin = server.admin();
        String username = "viewer-" + UUID.randomUUID();
        String password = UUID.randomUUID().toString();
        String userId = admin.post("/admin/realms/master/users", Map.of("username", username, "enabled", true,
                "firstName", "Vera", "lastName", "Viewer", "email", username + "@isoloir.test", "emailVerified", true,
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)))).createdId();
        String clientId = admin.get("/admin/realms/master/clients?clientId=" + IsoloirServer.REALM + "-realm")
                .expect(200).json().get(0).get("id").asText();
        var role = admin.get("/admin/realms/master/clients/" + clientId + "/roles/view-users").expect(200).json();
        admin.post("/admin/realms/master/users/" + userId + "/role-mappings/clients/" + clientId,
                List.of(Map.of("id", role.get("id").asText(), "name", "view-users"))).expect(204);
        return new KeycloakAdmin(server.keycloakUri(), username, password);
    }
}
