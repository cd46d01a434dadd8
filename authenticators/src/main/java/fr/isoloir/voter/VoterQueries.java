package fr.isoloir.voter;

import jakarta.persistence.EntityManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;

/**
 * Direct access to Keycloak's JPA store, for the few bulk reads that Keycloak's user API makes too costly
 * at 100,000 voters (it loads whole users, or sorts every match before the first row).
 */
public final class VoterQueries {

    private VoterQueries() {}

    /**
     * Keycloak's JPA entity manager. Its provider interface lives in keycloak-model-jpa, which cannot be
     * a Maven dependency (its parent POM is not published), hence the lookup by name: it is on the
     * server's class path, as every Keycloak 26 server stores users with JPA.
     */
    @SuppressWarnings("unchecked")
    public static EntityManager entityManager(KeycloakSession session) {
        try {
            Class<? extends Provider> type =
                    (Class<? extends Provider>) Class.forName("org.keycloak.connections.jpa.JpaConnectionProvider");
            Object provider = session.getProvider(type);
            return (EntityManager) type.getMethod("getEntityManager").invoke(provider);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Keycloak's JPA store is not available", e);
        }
    }
}
