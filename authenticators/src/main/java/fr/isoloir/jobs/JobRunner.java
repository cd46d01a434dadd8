package fr.isoloir.jobs;

import fr.isoloir.voter.VoterQueries;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.Map;

/**
 * Runs a job held by this node, one chunk per transaction: the lease renewed, the chunk applied, its
 * counts added, the chunk deleted, all committed together. A crash loses at most the batch in flight,
 * which rolls back whole and is done again by whoever takes the job over. A batch that throws releases
 * the lease at once (another attempt, on any node, at the next check); after {@value #MAX_ATTEMPTS}
 * failures in a row the job fails and its chunks are erased.
 */
public final class JobRunner {

    static final int MAX_ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private JobRunner() {}

    /** What a kind of job does with its chunks. Implementations hold no state between chunks. */
    public interface Work {

        /** Applies one chunk in the session's transaction (the realm set in its context); returns counts to add. */
        Map<String, Integer> apply(KeycloakSession session, RealmModel realm, JobView job, String payload);

        /** Before each batch, outside any transaction (e.g. wait for room in a queue). */
        default void beforeBatch() {}

        /** After each committed batch and once at the end, in a transaction of its own. */
        default void progressed(KeycloakSession session, JobView job) {}
    }

    private enum Step {
        MORE,
        ENDED,
        /** Paused or cancelled by a manager: the chunk before finished, the next waits (or is gone). */
        STOPPED,
        LOST
    }

    /** Runs the job until it ends or {@code owner} loses it. {@code owner} holds its lease. */
    static void run(KeycloakSessionFactory factory, String jobId, String owner, Work work, JobSettings settings) {
        long started = System.nanoTime();
        Step step = Step.MORE;
        try {
            while (step == Step.MORE) {
                work.beforeBatch();
                step = KeycloakModelUtils.runJobInTransactionWithResult(
                        factory, s -> batch(s, jobId, owner, work, settings));
                report(factory, jobId, work);
            }
            LOG.infof(
                    "Isoloir: job %s %s on this node after %d ms",
                    jobId,
                    switch (step) {
                        case ENDED -> "ended";
                        case STOPPED -> "stopped (paused or cancelled)";
                        default -> "left to another node";
                    },
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            // The class names only: a database error's message can quote the row (a new identifier, a contact).
            LOG.warnf(
                    "Isoloir: job %s: a batch failed: %s (cause: %s)",
                    jobId,
                    e.getClass().getName(),
                    e.getCause() == null ? "none" : e.getCause().getClass().getName());
            try {
                KeycloakModelUtils.runJobInTransaction(factory, s -> failedAttempt(s, jobId, owner, e));
                report(factory, jobId, work);
            } catch (RuntimeException stopping) {
                // The server is stopping (or the database is gone): the lease lapses and another node goes on.
                LOG.warnf(
                        "Isoloir: job %s left for another node once its lease lapses (%s)",
                        jobId, stopping.getClass().getSimpleName());
            }
        }
    }

    private static void report(KeycloakSessionFactory factory, String jobId, Work work) {
        KeycloakModelUtils.runJobInTransaction(factory, s -> {
            JobEntity job = VoterQueries.entityManager(s).find(JobEntity.class, jobId);
            if (job != null) {
                s.getContext().setRealm(s.realms().getRealm(job.getRealmId()));
                work.progressed(s, JobView.of(job));
            }
        });
    }

    private static Step batch(KeycloakSession session, String jobId, String owner, Work work, JobSettings settings) {
        long now = System.currentTimeMillis();
        // The conditional update first: it locks the job's row until this batch commits. It fails once the job
        // is no longer running (a pause or cancel, committed before this chunk): the run stops there.
        EntityManager em = VoterQueries.entityManager(session);
        if (!Jobs.renew(session, jobId, owner, now + settings.lease().toMillis())) {
            JobEntity job = em.find(JobEntity.class, jobId);
            return job != null && JobState.RUNNING.value().equals(job.getState()) ? Step.LOST : Step.STOPPED;
        }
        JobEntity job = em.find(JobEntity.class, jobId);
        RealmModel realm = session.realms().getRealm(job.getRealmId());
        if (realm == null) {
            end(session, job, JobState.CANCELLED, "realm deleted");
            return Step.ENDED;
        }
        session.getContext().setRealm(realm);
        var chunk = Jobs.nextChunk(session, jobId);
        if (chunk.isEmpty()) {
            end(session, job, JobState.FINISHED, null);
            return Step.ENDED;
        }
        Map<String, Integer> counts =
                work.apply(session, realm, JobView.of(job), chunk.get().getPayload());
        Map<String, String> details = Jobs.details(job);
        counts.forEach((name, n) -> details.merge(
                name, Integer.toString(n), (a, b) -> Integer.toString(Integer.parseInt(a) + Integer.parseInt(b))));
        job.setDetails(Jobs.json(details));
        job.setDone(job.getDone() + chunk.get().getItems());
        job.setAttempts(0);
        // Renewed again as the batch commits: a batch slower than the lease does not let the job lapse.
        job.setLeaseUntil(System.currentTimeMillis() + settings.lease().toMillis());
        em.remove(chunk.get());
        return Step.MORE;
    }

    private static void failedAttempt(KeycloakSession session, String jobId, String owner, RuntimeException e) {
        JobEntity job = VoterQueries.entityManager(session).find(JobEntity.class, jobId);
        if (job == null || !JobState.RUNNING.value().equals(job.getState()) || !owner.equals(job.getOwner())) {
            return; // ended, or another run holds it now: not this run's to count
        }
        job.setAttempts(job.getAttempts() + 1);
        if (job.getAttempts() >= MAX_ATTEMPTS) {
            end(session, job, JobState.FAILED, e.getClass().getSimpleName());
        } else {
            job.setLeaseUntil(0);
        }
    }

    private static void end(KeycloakSession session, JobEntity job, JobState state, String error) {
        job.setState(state.value());
        job.setFinishedAt(System.currentTimeMillis());
        job.setError(error);
        job.setOwner(null);
        Jobs.eraseChunks(session, job.getId());
    }
}
