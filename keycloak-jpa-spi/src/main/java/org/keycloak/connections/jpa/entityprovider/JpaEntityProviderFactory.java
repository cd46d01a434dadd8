package org.keycloak.connections.jpa.entityprovider;

import org.keycloak.provider.ProviderFactory;

/** Compile-time copy of Keycloak's interface (keycloak-model-jpa). */
public interface JpaEntityProviderFactory extends ProviderFactory<JpaEntityProvider> {}
