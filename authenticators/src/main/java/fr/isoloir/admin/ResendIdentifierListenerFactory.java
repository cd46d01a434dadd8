package fr.isoloir.admin;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Event listener {@value #PROVIDER_ID}: enable it in the realm (Realm settings → Events → Event listeners). */
public final class ResendIdentifierListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "isoloir-resend-identifier";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new ResendIdentifierListener(session);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
