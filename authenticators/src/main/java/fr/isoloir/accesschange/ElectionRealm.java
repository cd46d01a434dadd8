package fr.isoloir.accesschange;

import fr.isoloir.identifier.IdentifierAuthenticatorFactory;
import fr.isoloir.voter.Voter;
import fr.isoloir.voter.VoterQueries;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

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

    /**
     * Whether the realm is an election realm or holds a voter (a user with an employee number or a channel,
     * as last committed): a manage-realm admin who rebinds or deletes the voter flows does not make the
     * voters' realm an ordinary one. One count query, in a transaction of its own.
     */
    static boolean orHoldsVoters(KeycloakSession session, RealmModel realm) {
        if (is(realm)) {
            return true;
        }
        AtomicBoolean voters = new AtomicBoolean();
        KeycloakModelUtils.runJobInTransaction(
                session.getKeycloakSessionFactory(),
                s -> voters.set(VoterQueries.entityManager(s)
                                .createQuery(
                                        "select count(a) from UserAttributeEntity a "
                                                + "where a.user.realmId = :realm and a.name in :names",
                                        Long.class)
                                .setParameter("realm", realm.getId())
                                .setParameter("names", List.of(Voter.EMPLOYEE_NUMBER, Voter.CHANNEL))
                                .getSingleResult()
                        > 0));
        return voters.get();
    }
}
