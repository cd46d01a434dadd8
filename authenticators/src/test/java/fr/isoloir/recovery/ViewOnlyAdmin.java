package fr.isoloir.recovery;

import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.testsupport.IsoloirServer;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Master-realm admins with one role of the vote realm: by default view-users, who may view its users but not manage them. */
public final class ViewOnlyAdmin {

    private ViewOnlyAdmin() {}

    public static KeycloakAdmin create(IsoloirServer server) {
        return withRealmRole(server, "view-users");
    }

    /** A master-realm admin holding only this role of the vote realm's management client (view-events, manage-users...). */
    public static KeycloakAdmin withRealmRole(IsoloirServer server, String roleName) {
        KeycloakAdmin admin = server.admin();
        String username = "viewer-" + UUID.randomUUID();
        String password = UUID.randomUUID().toString();
        String userId = admin.post(
                        "/admin/realms/master/users",
                        Map.of(
                                "username",
                                username,
                                "enabled",
                                true,
                                "firstName",
                                "Vera",
                                "lastName",
                                "Viewer",
                                "email",
                                username + "@isoloir.test",
                                "emailVerified",
                                true,
                                "credentials",
                                List.of(Map.of("type", "password", "value", password, "temporary", false))))
                .createdId();
        String clientId = admin.get("/admin/realms/master/clients?clientId=" + IsoloirServer.REALM + "-realm")
                .expect(200)
                .json()
                .get(0)
                .get("id")
                .asText();
        var role = admin.get("/admin/realms/master/clients/" + clientId + "/roles/" + roleName)
                .expect(200)
                .json();
        admin.post(
                        "/admin/realms/master/users/" + userId + "/role-mappings/clients/" + clientId,
                        List.of(Map.of("id", role.get("id").asText(), "name", roleName)))
                .expect(204);
        return new KeycloakAdmin(server.keycloakUri(), username, password);
    }
}
