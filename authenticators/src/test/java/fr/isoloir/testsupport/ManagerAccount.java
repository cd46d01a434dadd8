package fr.isoloir.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.keycloakrunner.KeycloakAdmin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An election manager's account as the guide has the operator make it: a user of the master realm with a
 * password, holding these roles of the election's management client {@code <realm>-realm} (none: an account
 * without rights on the election). The caller deletes it ({@code /admin/realms/master/users/{id}}).
 */
public record ManagerAccount(String id, String username, String password) {

    public static ManagerAccount create(KeycloakAdmin admin, String realm, String... roles) {
        String username = "gestionnaire-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "Mot de passe du gestionnaire " + UUID.randomUUID();
        String id = admin.post(
                        "/admin/realms/master/users",
                        Map.of(
                                "username",
                                username,
                                "enabled",
                                true,
                                "firstName",
                                "Responsable",
                                "lastName",
                                "Élections",
                                "email",
                                username + "@isoloir.test",
                                "emailVerified",
                                true,
                                "credentials",
                                List.of(Map.of("type", "password", "value", password, "temporary", false))))
                .createdId();
        if (roles.length > 0) {
            String client = admin.get("/admin/realms/master/clients?clientId=" + realm + "-realm")
                    .expect(200)
                    .json()
                    .get(0)
                    .get("id")
                    .asText();
            List<JsonNode> granted = new ArrayList<>();
            for (String role : roles) {
                granted.add(admin.get("/admin/realms/master/clients/" + client + "/roles/" + role)
                        .expect(200)
                        .json());
            }
            admin.post("/admin/realms/master/users/" + id + "/role-mappings/clients/" + client, granted)
                    .expect(204);
        }
        return new ManagerAccount(id, username, password);
    }
}
