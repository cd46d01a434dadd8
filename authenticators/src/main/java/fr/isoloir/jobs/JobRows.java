package fr.isoloir.jobs;

import fr.isoloir.voter.VoterQueries;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.keycloak.models.KeycloakSession;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The job table for a kind driven by its own worker rather than by chunks (identifier sending: a timer
 * sends at the job's rates, one voter at a time). Its rows share the state, progress and history of every
 * job, and the transitions of {@link Jobs}; each change of the worker is a read-modify-write under the
 * row's lock, so it cannot cross a manager's pause or cancel made on another node.
 */
public final class JobRows {

    private JobRows() {}

    /** The realm's jobs of this kind, newest first. */
    public static List<JobView> ofRealm(KeycloakSession session, String realmId, String kind) {
        return VoterQueries.entityManager(session)
                .createQuery(
                        "select j from JobEntity j where j.realmId = :realmId and j.kind = :kind"
                                + " order by j.startedAt desc",
                        JobEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("kind", kind)
                .getResultStream()
                .map(JobView::of)
                .toList();
    }

    /** Running or paused jobs of this kind, every realm's. */
    public static List<JobView> unended(KeycloakSession session, String kind) {
        return VoterQueries.entityManager(session)
                .createQuery("select j from JobEntity j where j.kind = :kind and j.state in :states", JobEntity.class)
                .setParameter("kind", kind)
                .setParameter("states", List.of(JobState.RUNNING.value(), JobState.PAUSED.value()))
                .getResultStream()
                .map(JobView::of)
                .toList();
    }

    /**
     * Locks the job's row, reads it as it stands and stores what {@code change} makes of it (state, total,
     * done, end time and details; the id, realm, kind and start are kept). Empty when no such job.
     */
    public static Optional<JobView> update(
            KeycloakSession session, String realmId, String kind, String id, UnaryOperator<JobView> change) {
        EntityManager em = VoterQueries.entityManager(session);
        JobEntity job = id == null ? null : em.find(JobEntity.class, id);
        if (job == null || !job.getRealmId().equals(realmId) || !job.getKind().equals(kind)) {
            return Optional.empty();
        }
        em.refresh(job, LockModeType.PESSIMISTIC_WRITE);
        JobView before = JobView.of(job);
        JobView after = change.apply(before);
        if (after.equals(before)) {
            return Optional.of(before);
        }
        job.setState(after.state().value());
        job.setTotal(after.total());
        job.setDone(after.done());
        job.setFinishedAt(after.finishedAt() == null ? null : after.finishedAt().toEpochMilli());
        job.setDetails(Jobs.json(after.details()));
        return Optional.of(JobView.of(job));
    }
}
