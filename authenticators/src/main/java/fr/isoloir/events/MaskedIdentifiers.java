package fr.isoloir.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import fr.isoloir.voter.VoterQueries;
import jakarta.persistence.EntityManager;
import org.keycloak.Config;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Replaces the identifier Keycloak itself writes into a login event's {@code username} detail (LOGIN,
 * LOGIN_ERROR, ...: the username is the voter's identifier), and the {@code username} of the user an
 * admin event records, by its {@link IdentifierTag}, in every realm but the administrators' ({@code master}).
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

    private static final String USERNAME = Details.USERNAME;

    private final KeycloakSession session;

    MaskedIdentifiers(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        Map<String, String> details = event.getDetails();
        String username = details == null ? null : details.get(USERNAME);
        if (username == null || IdentifierTag.isMasked(username)) {
            return;
        }
        RealmModel realm = realm(event.getRealmId());
        if (realm == null) {
            return;
        }
        Map<String, String> masked = new HashMap<>(details);
        masked.put(USERNAME, IdentifierTag.of(session, realm, username));
        event.setDetails(masked);
        if (isStored(realm, event.getType())) {
            maskStoredRow(event.getId(), json(masked));
        }
    }

    /**
     * The JPA store has just persisted the event's row in this transaction, not yet flushed: the managed
     * entity is changed before its INSERT, so no UPDATE follows it (and no early flush, which a bulk JPQL
     * update forces). A row already flushed, or one this entity manager does not hold, gets the JPQL update.
     */
    private void maskStoredRow(String eventId, String details) {
        EntityManager em = VoterQueries.entityManager(session);
        Object pending = StoredEventRow.pending(em, eventId);
        if (pending != null) {
            StoredEventRow.setDetails(pending, details);
            return;
        }
        em.createQuery("update EventEntity e set e.detailsJsonLongValue = :details where e.id = :id")
                .setParameter("details", details)
                .setParameter("id", eventId)
                .executeUpdate();
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

    /**
     * An admin event on a user holds, when the realm records details, the user as the request sent it:
     * its {@code username} becomes the tag too, in the event and in the row the JPA store just wrote.
     */
    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getRepresentation() == null || event.getResourceType() != ResourceType.USER) {
            return;
        }
        RealmModel realm = realm(event.getRealmId());
        if (realm == null) {
            return;
        }
        Optional<String> masked = withMaskedUsername(realm, event.getRepresentation());
        if (masked.isEmpty()) {
            return;
        }
        event.setRepresentation(masked.get());
        if (includeRepresentation && realm.isAdminEventsEnabled()) {
            VoterQueries.entityManager(session)
                    .createQuery("update AdminEventEntity e set e.representation = :representation where e.id = :id")
                    .setParameter("representation", masked.get())
                    .setParameter("id", event.getId())
                    .executeUpdate();
        }
    }

    /** The representation with its username as a tag; empty when it holds none in clear (or is not a JSON object). */
    private Optional<String> withMaskedUsername(RealmModel realm, String representation) {
        try {
            if (JsonSerialization.mapper.readTree(representation) instanceof ObjectNode user
                    && user.get(USERNAME) instanceof TextNode username
                    && !IdentifierTag.isMasked(username.asText())) {
                user.put(USERNAME, IdentifierTag.of(session, realm, username.asText()));
                return Optional.of(JsonSerialization.writeValueAsString(user));
            }
        } catch (IOException notJson) {
            // Keycloak writes JSON; anything else holds no username field to mask
        }
        return Optional.empty();
    }

    /** The event's realm, unless it is the administrators' realm ({@code master}), whose audit keeps the names. */
    private RealmModel realm(String realmId) {
        RealmModel realm = realmId == null ? null : session.realms().getRealm(realmId);
        return realm == null || Config.getAdminRealm().equals(realm.getName()) ? null : realm;
    }

    @Override
    public void close() {
        // nothing held
    }
}
