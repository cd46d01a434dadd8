package fr.isoloir.admin;

import fr.isoloir.IsoloirProviderFactory;
import fr.isoloir.sending.SendingWorkerStart;
import fr.isoloir.voterlist.VoterImportJob;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Mounts {@link VoterAdminResource} at {@code /admin/realms/{realm}/isoloir}. */
public final class VoterAdminResourceProviderFactory
        implements AdminRealmResourceProviderFactory,
                AdminRealmResourceProvider,
                IsoloirProviderFactory<AdminRealmResourceProvider> {

    public static final String PROVIDER_ID = "isoloir";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /**
     * Once the database is ready: the identifier-sending worker starts with the API that drives it, and this
     * node takes over voter imports whose node stopped.
     */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        SendingWorkerStart.onceMigrated(factory);
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, VoterImportJob::scheduleResumer);
            }
        });
    }

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public Object getResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        return new VoterAdminResource(session, realm, auth, adminEvent);
    }

    /** This class is both the factory and its (stateless) provider: one close() answers for both. */
    @Override
    public void close() {}
}
