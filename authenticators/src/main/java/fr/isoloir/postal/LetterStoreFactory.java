package fr.isoloir.postal;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

import java.util.List;

/**
 * The letter productions' table ({@code ISOLOIR_LETTER_PART}, Liquibase changelog
 * {@value #CHANGELOG}), the way Keycloak lets an extension own tables; once the database is ready, this
 * node also takes over letter productions whose node stopped ({@link LetterProduction}).
 */
public final class LetterStoreFactory implements JpaEntityProviderFactory {

    public static final String PROVIDER_ID = "isoloir-letters";
    static final String CHANGELOG = "META-INF/isoloir-letters-changelog.xml";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new Entities();
    }

    @Override
    public void init(Config.Scope config) {
        // no settings: the job settings are the job store's (fr.isoloir.jobs.JobSettings)
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, LetterProduction::scheduleResumer);
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                // Encrypted letters are personal data: none outlives its election.
                LetterParts.deleteRealm(
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

    private static final class Entities implements JpaEntityProvider {

        @Override
        public List<Class<?>> getEntities() {
            return List.of(LetterPartEntity.class);
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
