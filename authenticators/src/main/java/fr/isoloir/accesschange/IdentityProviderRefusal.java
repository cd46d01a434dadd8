package fr.isoloir.accesschange;

import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Closes the identity-provider side door in an election realm or a realm holding voters
 * ({@link ElectionRealm#orHoldsVoters}): an identity provider linked to a voter, or whose first-broker-login
 * flow links by email, logs in as that voter through {@code /broker/{alias}/login} without the voter steps.
 * Refused (at commit, see {@link Refusal}): creating an identity provider ({@code POST
 * identity-provider/instances}, manage-realm) and linking a federated identity to a user ({@code POST
 * users/{id}/federated-identity/{alias}}, manage-users). Meant to refuse a partial import carrying identity
 * providers too (its UPDATE below), but an IT showed such an import still answers 200: not closed yet.
 */
final class IdentityProviderRefusal {

    private static final Logger LOG = Logger.getLogger(IdentityProviderRefusal.class);
    private static final String INSTANCES = "identity-provider/instances/";
    private static final String FEDERATED_IDENTITY = "federated-identity";

    private IdentityProviderRefusal() {}

    /** Whether this admin event opens the door, which is then refused. */
    static boolean refuses(KeycloakSession session, RealmModel realm, AdminEvent event) {
        String what = door(session, event);
        if (what == null || !ElectionRealm.orHoldsVoters(session, realm)) {
            return false;
        }
        if (Refusal.atCommit(
                session,
                Response.Status.BAD_REQUEST,
                "Identity providers are not allowed in an election realm: voters log in through the voter "
                        + "steps only. Nothing was saved.")) {
            LOG.warnf(
                    "Isoloir: %s refused in realm %s (admin user %s): an identity provider would log voters in "
                            + "without the voter steps",
                    what,
                    realm.getName(),
                    event.getAuthDetails() == null
                            ? "?"
                            : event.getAuthDetails().getUserId());
        }
        return true;
    }

    /** What the event does that opens the door, or null. */
    private static String door(KeycloakSession session, AdminEvent event) {
        String path = event.getResourcePath();
        OperationType operation = event.getOperationType();
        if (path.startsWith(INSTANCES)
                && path.substring(INSTANCES.length()).split("/").length == 1
                && (operation == OperationType.CREATE
                        || operation == OperationType.UPDATE && PartialImportRefusal.fromPartialImport(session))) {
            return "identity provider creation";
        }
        String[] user = path.split("/");
        if (operation == OperationType.CREATE
                && user.length == 4
                && "users".equals(user[0])
                && FEDERATED_IDENTITY.equals(user[2])) {
            return "federated identity link";
        }
        return null;
    }
}
