package fr.isoloir.jobs;

import fr.isoloir.AfterCommit;
import org.jboss.logging.Logger;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.scheduled.ScheduledTaskRunner;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * On every node, every few seconds: takes over the running jobs of one kind whose lease has lapsed (their
 * node stopped, or a batch failed) and runs them on this node's executor; also forgets the jobs that
 * ended over a week ago. Taking a job is a conditional update: one node wins.
 */
public final class JobResumer implements ScheduledTask {

    /** How long an ended job's status is kept. */
    static final Duration KEPT = Duration.ofDays(7);

    private static final String EXECUTOR = "isoloir-jobs";
    private static final Logger LOG = Logger.getLogger(JobResumer.class);

    private final String kind;
    private final JobSettings settings;
    private final Function<KeycloakSession, JobRunner.Work> work;
    private final Consumer<KeycloakSession> afterPurge;

    private JobResumer(
            String kind,
            JobSettings settings,
            Function<KeycloakSession, JobRunner.Work> work,
            Consumer<KeycloakSession> afterPurge) {
        this.kind = kind;
        this.settings = settings;
        this.work = work;
        this.afterPurge = afterPurge;
    }

    /**
     * Schedules the resumer of this kind on this node; {@code work} makes the kind's work from a session
     * (the job's own fields come with each chunk).
     */
    public static void schedule(KeycloakSession session, String kind, Function<KeycloakSession, JobRunner.Work> work) {
        schedule(session, kind, work, s -> {});
    }

    /**
     * The same, for a kind that keeps rows of its own beside its jobs: {@code afterPurge} deletes those of the
     * jobs forgotten (it runs after every purge, in the same transaction).
     */
    public static void schedule(
            KeycloakSession session,
            String kind,
            Function<KeycloakSession, JobRunner.Work> work,
            Consumer<KeycloakSession> afterPurge) {
        JobSettings settings = JobStoreFactory.settings(session.getKeycloakSessionFactory());
        JobResumer resumer = new JobResumer(kind, settings, work, afterPurge);
        long interval = settings.check().toMillis();
        session.getProvider(TimerProvider.class)
                .schedule(
                        new ScheduledTaskRunner(session.getKeycloakSessionFactory(), resumer),
                        interval,
                        resumer.getTaskName());
        LOG.infof(
                "Isoloir: %s jobs resumed by any node %s after their node stops (checked every %s)",
                kind, settings.lease(), settings.check());
    }

    /** Runs a job {@code owner} holds (just taken over) on this node's executor. */
    static void runHere(KeycloakSession session, String jobId, String owner, JobRunner.Work work) {
        runnerHere(session, jobId, owner, work).run();
    }

    /**
     * A new running job held by this node, started here once the caller's transaction commits (then
     * {@code unlock}); if it rolls back, nothing runs and only {@code unlock} does. The imports and the
     * letter productions start this way.
     */
    public static JobView startHere(
            KeycloakSession session,
            String realmId,
            String kind,
            Map<String, String> details,
            List<Jobs.Chunk> chunks,
            JobRunner.Work work,
            Runnable unlock) {
        String owner = Jobs.newOwner();
        JobView job = Jobs.create(
                session,
                realmId,
                kind,
                Jobs.startedBy(session),
                details,
                chunks,
                owner,
                JobStoreFactory.settings(session.getKeycloakSessionFactory())
                        .lease()
                        .toMillis());
        Runnable run = runnerHere(session, job.id(), owner, work);
        AfterCommit.run(
                session,
                () -> {
                    unlock.run();
                    run.run();
                },
                unlock);
        return job;
    }

    /**
     * What starts a job this node holds on this node's executor, to run later (once the request that created
     * the job has committed): the executor is looked up now, while the session is open.
     */
    public static Runnable runnerHere(KeycloakSession session, String jobId, String owner, JobRunner.Work work) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        JobSettings settings = JobStoreFactory.settings(factory);
        var executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        return () -> executor.execute(() -> JobRunner.run(factory, jobId, owner, work, settings));
    }

    @Override
    public String getTaskName() {
        return "isoloir-job-resumer-" + kind;
    }

    @Override
    public void run(KeycloakSession session) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        long now = System.currentTimeMillis();
        for (String id : Jobs.lapsed(session, kind, now)) {
            String owner = Jobs.newOwner();
            boolean mine;
            try {
                mine = KeycloakModelUtils.runJobInTransactionWithResult(
                        factory,
                        s -> Jobs.claim(
                                s, id, owner, now, now + settings.lease().toMillis()));
            } catch (RuntimeException lockTimeout) {
                // The job's row is locked by a batch in flight (H2 gives up waiting after 2 s): its node is alive.
                LOG.debugf(
                        "Isoloir: %s job %s busy, not taken over: %s",
                        kind, id, lockTimeout.getClass().getSimpleName());
                continue;
            }
            if (mine) {
                LOG.infof(
                        "Isoloir: %s job %s taken over by this node (%s): its node stopped or a batch failed",
                        kind, id, owner);
                runHere(session, id, owner, work.apply(session));
            }
        }
        Jobs.purge(session, kind, now - KEPT.toMillis());
        afterPurge.accept(session);
    }
}
