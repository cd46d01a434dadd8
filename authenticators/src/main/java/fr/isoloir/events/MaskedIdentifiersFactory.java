package fr.isoloir.events;

import fr.isoloir.IsoloirProviderFactory;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Event listener {@value #PROVIDER_ID}, global: it runs for every realm without being enabled, so that no
 * realm setting can leave an identifier in clear in its events or in Keycloak's event log lines.
 */
public final class MaskedIdentifiersFactory
        implements EventListenerProviderFactory, IsoloirProviderFactory<EventListenerProvider> {

    public static final String PROVIDER_ID = "isoloir-masked-identifiers";

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
        return new MaskedIdentifiers(session);
    }
}
