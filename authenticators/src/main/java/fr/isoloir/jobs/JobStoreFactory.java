package fr.isoloir.jobs;

import fr.isoloir.ProviderVersion;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import java.util.List;
import java.util.Map;

/**
 * Isoloir's tables in Keycloak's database, the way Keycloak lets an extension own tables: a JPA entity
 * provider, whose entities join Keycloak's persistence unit at build ({@code kc.sh build}, or start-dev)
 * and whose Liquibase changelog Keycloak applies at start. Also holds the server's job settings.
 */
public final class JobStoreFactory implements JpaEntityProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "isoloir-jobs";
    static final String CHANGELOG = "META-INF/isoloir-jobs-changelog.xml";

    private JobSettings settings = JobSettings.DEFAULTS;

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new Entities();
    }

    @Override
    public void init(Config.Scope config) {
        settings = JobSettings.from(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // The workers are scheduled by the job kinds' own factories; a removed realm's jobs go with it.
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                Jobs.deleteRealm(
                        removed.getKeycloakSession(), removed.getRealm().getId());
            }
        });
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    public JobSettings settings() {
        return settings;
    }

    /** The settings of this server (defaults when the factory is missing, as in a unit test). */
    public static JobSettings settings(KeycloakSessionFactory factory) {
        return factory.getProviderFactory(JpaEntityProvider.class, PROVIDER_ID) instanceof JobStoreFactory store
                ? store.settings()
                : JobSettings.DEFAULTS;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of(
                ProviderVersion.KEY,
                ProviderVersion.get(),
                "leaseSeconds",
                Long.toString(settings.lease().toSeconds()),
                "checkSeconds",
                Long.toString(settings.check().toSeconds()));
    }

    private static final class Entities implements JpaEntityProvider {

        @Override
        public List<Class<?>> getEntities() {
            return List.of(JobEntity.class, JobChunkEntity.class);
        }

        @Override
        public String getChangelogLocation() {
            return CHANGELOG;
        }

        @Override
        public String getFactoryId() {
            return PROVIDER_ID;
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
