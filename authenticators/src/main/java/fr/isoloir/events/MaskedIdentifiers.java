package fr.isoloir.events;

import fr.isoloir.identifier.IdentifierTag;
import fr.isoloir.voter.VoterQueries;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Replaces the identifier Keycloak itself writes into a login event's {@code username} detail (LOGIN,
 * LOGIN_ERROR, ...: the username is the voter's identifier) by its {@link IdentifierTag}.
 *
 * <p>Keycloak offers no hook before an event is stored: {@code EventBuilder} hands it to the event store
 * first, then to the listeners. So this listener does two things: it rewrites the event's details in
 * place, which is what Keycloak's {@code jboss-logging} listener prints (it logs at the commit, from the
 * same object), and it rewrites the row the JPA store has just written in this transaction. A
 * replacement event store cannot do it instead: Keycloak's JPA store factory casts the realm's store to
 * its own class in the periodic admin-event cleanup, and that class cannot be extended from here
 * (keycloak-model-jpa is not a usable Maven dependency).
 */
final class MaskedIdentifiers implements EventListenerProvider {

    private final KeycloakSession session;

    MaskedIdentifiers(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        Map<String, String> details = event.getDetails();
        String username = details == null ? null : details.get(Details.USERNAME);
        if (username == null || IdentifierTag.isMasked(username)) {
            return;
        }
        RealmModel realm = event.getRealmId() == null ? null : session.realms().getRealm(event.getRealmId());
        Map<String, String> masked = new HashMap<>(details);
        masked.put(Details.USERNAME, IdentifierTag.of(session, realm, username));
        event.setDetails(masked);
        if (realm != null && isStored(realm, event.getType())) {
            VoterQueries.entityManager(session)
                    .createQuery("update EventEntity e set e.detailsJsonLongValue = :details where e.id = :id")
                    .setParameter("details", json(masked)).setParameter("id", event.getId())
                    .executeUpdate();
        }
    }

    /** The rule EventBuilder applies before handing an event to the store. */
    private static boolean isStored(RealmModel realm, EventType type) {
        if (!realm.isEventsEnabled()) {
            return false;
        }
        Set<String> enabled = realm.getEnabledEventTypesStream().collect(Collectors.toSet());
        return enabled.isEmpty() ? type.isSaveByDefault() : enabled.contains(type.name());
    }

    private static String json(Map<String, String> details) {
        try {
            return JsonSerialization.writeValueAsString(details);
        } catch (IOException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        // Admin events: see docs/security.md (the user representation they may hold is not rewritten).
    }

    @Override
    public void close() {
        // nothing held
    }
}
