package fr.isoloir.accesschange;

import jakarta.ws.rs.core.Response;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.ErrorResponse;

/**
 * Makes the admin's whole transaction fail at commit, with an error answer. An admin-event listener cannot
 * refuse otherwise: Keycloak catches what it throws, and a transaction marked rollback-only is rolled back
 * silently, the admin getting 204 for a change that did not happen. A transaction enlisted to commit first
 * that throws makes Keycloak roll back every other one and rethrow, which its error handler answers.
 */
final class Refusal {

    /** Session attribute: the refusal is enlisted once per transaction, whatever the number of events. */
    private static final String ENLISTED = "isoloir.accesschange.refused";

    private Refusal() {}

    /** @return whether this call enlisted the refusal (false when this transaction was already refused) */
    static boolean atCommit(KeycloakSession session, Response.Status status, String message) {
        if (session.getAttribute(ENLISTED) != null) {
            return false;
        }
        session.setAttribute(ENLISTED, Boolean.TRUE);
        session.getTransactionManager().enlistPrepare(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                throw ErrorResponse.error(message, status);
            }

            @Override
            protected void rollbackImpl() {}
        });
        return true;
    }
}
