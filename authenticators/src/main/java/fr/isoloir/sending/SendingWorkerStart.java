package fr.isoloir.sending;

import fr.isoloir.OneNodePerTick;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.timer.TimerProvider;

import java.time.Clock;

/**
 * Starts the identifier-sending worker ({@link SendWorker}) on every node once the database is ready: it
 * finds the running jobs in the job table, so a restart resumes them. Called by the factory that mounts
 * the REST API ({@code fr.isoloir.admin.VoterAdminResourceProviderFactory}).
 */
public final class SendingWorkerStart {

    private static final Logger LOG = Logger.getLogger(SendingWorkerStart.class);

    private SendingWorkerStart() {}

    public static void onceMigrated(KeycloakSessionFactory factory) {
        SendingConfig settings = SendingConfig.server();
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    long interval = settings.tick().toMillis();
                    session.getProvider(TimerProvider.class)
                            .schedule(
                                    new OneNodePerTick(factory, new SendWorker(settings, Clock.systemUTC()), interval),
                                    interval,
                                    SendWorker.TASK_NAME);
                    LOG.infof("Isoloir: identifier sending worker scheduled every %s", settings.tick());
                });
            }
        });
    }
}
