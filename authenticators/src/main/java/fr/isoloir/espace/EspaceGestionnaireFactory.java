package fr.isoloir.espace;

import fr.isoloir.IsoloirProviderFactory;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * The Espace gestionnaire, the election manager's French pages, at {@code /realms/{realm}/isoloir-gestion/};
 * managers sign in on the admin realm through the client {@value ManagerClient#CLIENT_ID}, which this
 * factory creates at start-up when absent and keeps in step with the realms (a redirect URI per realm:
 * every realm at start-up, a realm made since at its page's first visit, removed with the realm).
 */
public final class EspaceGestionnaireFactory
        implements RealmResourceProviderFactory, IsoloirProviderFactory<RealmResourceProvider> {

    public static final String PROVIDER_ID = "isoloir-gestion";
    private static final Logger LOG = Logger.getLogger(EspaceGestionnaireFactory.class);

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new EspaceResource(session);
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, ManagerClient::ensure);
                } catch (RuntimeException e) {
                    // Another node made it at the same instant, or the admin realm refuses: the page still
                    // serves; the guide says how to create the client by hand.
                    LOG.warnf(
                            "Isoloir: could not prepare the client '%s' of the Espace gestionnaire: %s",
                            ManagerClient.CLIENT_ID, e.toString());
                }
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, RetiredConsolePages::remove);
                } catch (RuntimeException e) {
                    // Two nodes upgrading at once may remove the same rows: the other node's removal stands.
                    LOG.warnf("Isoloir: could not remove the retired console pages' items: %s", e.toString());
                }
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                ManagerClient.removeRealm(removed.getKeycloakSession(), removed.getRealm());
            }
        });
    }
}
