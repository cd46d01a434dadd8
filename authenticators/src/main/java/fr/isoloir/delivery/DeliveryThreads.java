package fr.isoloir.delivery;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Sizes the pool that sends messages, {@value MessageDelivery#EXECUTOR}, once per node at start.
 *
 * <p>Why: Keycloak's default executors provider gives a task type a pool of its {@code min} threads
 * (4 unless configured) over an unbounded queue, so its {@code max} never applies. A sending thread
 * mostly waits for the SMTP server or Twilio; with 4 of them and a provider answering in 2 s, a node sends
 * 2 messages a second and codes arrive after they expired (measured by the benchmark). So unless the
 * operator chose a size with Keycloak's own option ({@value #OPTION}), the pool gets {@value #DEFAULT_THREADS}
 * threads: 16 messages a second at 2 s per message, 10 times more at the usual 200 ms.
 */
public final class DeliveryThreads {

    static final int DEFAULT_THREADS = 32;
    static final String OPTION = "--spi-executors--default--" + MessageDelivery.EXECUTOR + "--min";
    private static final Logger LOG = Logger.getLogger(DeliveryThreads.class);

    private DeliveryThreads() {}

    /** Sizes the pool once the server is up (the executors provider needs a session). */
    public static void sizeWhenStarted(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    Executor executor =
                            session.getProvider(ExecutorsProvider.class).getExecutor(MessageDelivery.EXECUTOR);
                    LOG.info(describe(size(executor, keycloakScope().get("min"))));
                });
            }
        });
    }

    /** Keycloak's own configuration of the pool, {@code spi-executors--default--isoloir-delivery--*}. */
    static Config.Scope keycloakScope() {
        return Config.scope("executors", "default", MessageDelivery.EXECUTOR);
    }

    /**
     * Raises the pool's thread count to {@link #DEFAULT_THREADS} unless the operator configured it.
     *
     * @return the pool's thread count now, or -1 when the executor is not a pool we can read
     */
    static int size(Executor executor, String operatorsMin) {
        if (!(executor instanceof ThreadPoolExecutor pool)) {
            return -1;
        }
        if (operatorsMin == null && pool.getCorePoolSize() < DEFAULT_THREADS) {
            // Maximum first: a core size above the maximum is refused.
            pool.setMaximumPoolSize(Math.max(pool.getMaximumPoolSize(), DEFAULT_THREADS));
            pool.setCorePoolSize(DEFAULT_THREADS);
        }
        return pool.getCorePoolSize();
    }

    static String describe(int threads) {
        return threads < 0
                ? "Isoloir: messages are sent by executor '" + MessageDelivery.EXECUTOR
                        + "' (a managed pool; its size is set there)"
                : "Isoloir: messages are sent by up to " + threads + " threads at a time on this node (executor '"
                        + MessageDelivery.EXECUTOR + "'; change with " + OPTION + "=N)";
    }
}
