package fr.isoloir;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.Map;

/**
 * What our factories say alike: nothing to read at start, nothing to wire or release, and the
 * extension's version in the admin console's provider info. They hold no state, so every node of a
 * cluster has the same factory.
 */
public interface IsoloirProviderFactory<T extends Provider> extends ProviderFactory<T>, ServerInfoAwareProviderFactory {

    @Override
    default void init(Config.Scope config) {
        // configured per realm, not per server
    }

    @Override
    default void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    default void close() {
        // nothing held
    }

    @Override
    default Map<String, String> getOperationalInfo() {
        return Map.of(ProviderVersion.KEY, ProviderVersion.get());
    }
}
