package fr.isoloir;

import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.scheduled.ScheduledTaskRunner;
import org.keycloak.timer.ScheduledTask;

/**
 * Runs the task on one node of the cluster per interval: Keycloak's own
 * {@code ClusterAwareScheduledTaskRunner}, which lives in keycloak-model-storage-private, an artifact
 * whose parent POM does not resolve from Maven Central; same behaviour through the same public SPI
 * ({@link ClusterProvider#executeIfNotExecuted}: a cluster-wide lock held for the interval). Used by the
 * identifier-sending worker and by the closing-time session sweep.
 */
public final class OneNodePerTick extends ScheduledTaskRunner {

    private final int intervalSeconds;

    public OneNodePerTick(KeycloakSessionFactory factory, ScheduledTask task, long intervalMillis) {
        super(factory, task);
        this.intervalSeconds = (int) Math.max(1, intervalMillis / 1000);
    }

    @Override
    protected void runTask(KeycloakSession session) {
        session.getProvider(ClusterProvider.class).executeIfNotExecuted(task.getTaskName(), intervalSeconds, () -> {
            task.run(session);
            return null;
        });
    }
}
