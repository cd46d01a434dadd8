package fr.isoloir.events;

import jakarta.persistence.EntityManager;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The row Keycloak's JPA event store writes for a login event ({@code org.keycloak.events.jpa.EventEntity}),
 * reached by name: keycloak-model-jpa cannot be a Maven dependency (its parent POM is not published), and
 * every Keycloak 26 server has it on its class path. Stateless; the class and its setter are looked up once.
 */
final class StoredEventRow {

    private StoredEventRow() {}

    /** Resolved on first use only, so that unit tests without Keycloak's JPA store never load it. */
    private static final class Entity {
        static final Class<?> TYPE;
        static final Method SET_DETAILS;

        static {
            try {
                TYPE = Class.forName("org.keycloak.events.jpa.EventEntity");
                SET_DETAILS = TYPE.getMethod("setDetailsJson", String.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /**
     * The event's row as this entity manager holds it, or null. The JPA store persisted it in this
     * transaction, so the entity manager returns it from its persistence context, without a query.
     */
    static Object pending(EntityManager em, String eventId) {
        return em.find(Entity.TYPE, eventId);
    }

    /** Sets the row's details (JSON), as Keycloak's store does: written by the row's INSERT at the commit. */
    static void setDetails(Object row, String detailsJson) {
        try {
            Entity.SET_DETAILS.invoke(row, detailsJson);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Keycloak's event entity refused its details", e);
        }
    }
}
