package fr.isoloir.accesschange;

import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Refuses Keycloak's partial import ({@code POST .../partialImport}, manage-realm) of users into an
 * election realm ({@link ElectionRealm}): it creates or overwrites users with contacts and credentials of
 * the file, which the voters' trail would not see as changes (an overwrite deletes the user and creates
 * it anew). Keycloak fires one admin event per imported user inside the import's own transaction, with
 * a listener made for that transaction's session: the refusal fails that transaction, so nothing of the
 * file is saved, and the admin gets 400. Voters come through the voter import instead.
 */
final class PartialImportRefusal {

    private static final Logger LOG = Logger.getLogger(PartialImportRefusal.class);
    private static final String PATH_END = "/partialImport";

    private PartialImportRefusal() {
    }

    /** Whether this user event comes from a partial import into an election realm, which is then refused. */
    static boolean refuses(KeycloakSession session, RealmModel realm, AdminEvent event) {
        if (event.getOperationType() != OperationType.CREATE && event.getOperationType() != OperationType.UPDATE
                || !fromPartialImport(session) || !ElectionRealm.is(realm)) {
            return false;
        }
        if (Refusal.atCommit(session, Response.Status.BAD_REQUEST, "A partial import cannot create or overwrite users "
                + "in an election realm: nothing was imported. Import voters with the voter import; import the file "
                + "without its users.")) {
            LOG.warnf("Isoloir: partial import of users into election realm %s refused (admin user %s): "
                    + "voters come through the voter import", realm.getName(),
                    event.getAuthDetails() == null ? "?" : event.getAuthDetails().getUserId());
        }
        return true;
    }

    private static boolean fromPartialImport(KeycloakSession session) {
        try {
            return session.getContext().getUri() != null && session.getContext().getUri().getPath().endsWith(PATH_END);
        } catch (RuntimeException e) {
            return false;   // no HTTP request (a background job): not a partial import
        }
    }
}
