package fr.isoloir.admin;

import fr.isoloir.IsoloirProviderFactory;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;

/** Event listener {@value #PROVIDER_ID}: enable it in the realm (Realm settings → Events → Event listeners). */
public final class ResendIdentifierListenerFactory
        implements EventListenerProviderFactory, IsoloirProviderFactory<EventListenerProvider> {

    public static final String PROVIDER_ID = "isoloir-resend-identifier";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new ResendIdentifierListener(session);
    }
}
