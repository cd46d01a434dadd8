package fr.isoloir.accesschange;

import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Refuses Keycloak's partial import ({@code POST .../partialImport}, manage-realm) into an election realm
 * or a realm holding voters ({@link ElectionRealm#orHoldsVoters}: rebinding or deleting the voter flows
 * does not open the door) when it overwrites a user (Keycloak deletes the user and creates it anew with the
 * file's contacts and credentials, which the voters' trail would not see as a change) or creates a user
 * with a credential (a password or postal code of the admin's choosing). Creating users without
 * credentials stays allowed, as {@code POST users} does: the tests and the benchmark stock voters that way.
 * Keycloak fires one admin event per imported user inside the import's own transaction, with a listener
 * made for that transaction's session: the refusal fails that transaction, so nothing of the file is
 * saved, and the admin gets 400. Voters come through the voter import instead.
 */
final class PartialImportRefusal {

    private static final Logger LOG = Logger.getLogger(PartialImportRefusal.class);
    private static final String PATH_END = "/partialImport";

    private PartialImportRefusal() {}

    /** Whether this user event comes from a partial import into an election realm, which is then refused. */
    static boolean refuses(KeycloakSession session, RealmModel realm, AdminEvent event) {
        if (event.getOperationType() != OperationType.CREATE && event.getOperationType() != OperationType.UPDATE
                || !fromPartialImport(session)
                || event.getOperationType() == OperationType.CREATE && !withCredential(session, realm, event)
                || !ElectionRealm.orHoldsVoters(session, realm)) {
            return false;
        }
        if (Refusal.atCommit(
                session,
                Response.Status.BAD_REQUEST,
                "A partial import cannot overwrite users or create "
                        + "users with credentials in an election realm: nothing was imported. Import voters with the voter import; import the file "
                        + "without its users.")) {
            LOG.warnf(
                    "Isoloir: partial import of users into election realm %s refused (admin user %s): "
                            + "voters come through the voter import",
                    realm.getName(),
                    event.getAuthDetails() == null
                            ? "?"
                            : event.getAuthDetails().getUserId());
        }
        return true;
    }

    /** Whether the user this event created holds a credential (read in the import's transaction). */
    private static boolean withCredential(KeycloakSession session, RealmModel realm, AdminEvent event) {
        String[] path = event.getResourcePath().split("/");
        UserModel user = path.length < 2 ? null : session.users().getUserById(realm, path[1]);
        return user != null
                && user.credentialManager()
                        .getStoredCredentialsStream()
                        .findAny()
                        .isPresent();
    }

    static boolean fromPartialImport(KeycloakSession session) {
        try {
            return session.getContext().getUri() != null
                    && session.getContext().getUri().getPath().endsWith(PATH_END);
        } catch (RuntimeException e) {
            return false; // no HTTP request (a background job): not a partial import
        }
    }
}
