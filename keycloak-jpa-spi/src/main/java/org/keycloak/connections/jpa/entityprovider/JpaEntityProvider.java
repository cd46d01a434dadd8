package org.keycloak.connections.jpa.entityprovider;

import org.keycloak.provider.Provider;

import java.util.List;

/** Compile-time copy of Keycloak's interface (keycloak-model-jpa): same methods, same package. */
public interface JpaEntityProvider extends Provider {

    List<Class<?>> getEntities();

    String getChangelogLocation();

    String getFactoryId();
}
