package fr.isoloir.accesschange;

import fr.isoloir.identifier.IdentifierAuthenticatorFactory;
import org.keycloak.models.RealmModel;

/**
 * Whether a realm holds an election: one of its authentication flows runs the voter's identifier step
 * ({@value IdentifierAuthenticatorFactory#PROVIDER_ID}), bound or not. Read from the realm's cached
 * flows. Unbinding the voter flow does not make the realm an ordinary one; deleting every flow that
 * uses the step does (Keycloak's admin events record that; see docs/security.md).
 */
final class ElectionRealm {

    private ElectionRealm() {}

    static boolean is(RealmModel realm) {
        return !"master".equals(realm.getName())
                && realm.getAuthenticationFlowsStream()
                        .anyMatch(flow -> realm.getAuthenticationExecutionsStream(flow.getId())
                                .anyMatch(step ->
                                        IdentifierAuthenticatorFactory.PROVIDER_ID.equals(step.getAuthenticator())));
    }
}
