package fr.isoloir;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * Work that must start only once the request's transaction has committed: a background job must
 * never act on data that a failed request rolls back.
 */
public final class AfterCommit {

    private AfterCommit() {}

    /** Runs {@code onCommit} after this session's transaction commits, {@code onRollback} if it rolls back. */
    public static void run(KeycloakSession session, Runnable onCommit, Runnable onRollback) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                onCommit.run();
            }

            @Override
            protected void rollbackImpl() {
                onRollback.run();
            }
        });
    }
}
