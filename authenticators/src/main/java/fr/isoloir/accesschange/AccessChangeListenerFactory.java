package fr.isoloir.accesschange;

import fr.isoloir.IsoloirProviderFactory;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Event listener {@value #PROVIDER_ID} ({@link AccessChangeListener}). Global: Keycloak calls it for
 * every realm whatever the realm's listener list says, so an admin who may edit the realm's events
 * settings cannot switch the voters' trail and notices off.
 */
public final class AccessChangeListenerFactory
        implements EventListenerProviderFactory, IsoloirProviderFactory<EventListenerProvider> {

    public static final String PROVIDER_ID = "isoloir-access-changes";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new AccessChangeListener(session);
    }
}
