package fr.isoloir.jobs;

import fr.isoloir.voter.VoterQueries;
import jakarta.persistence.EntityManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The job table's queries, in the caller's transaction. Leases are taken and renewed by conditional
 * updates: two nodes cannot both hold a job, and the database's row lock orders a renewal and a
 * takeover of the same job.
 */
public final class Jobs {

    /** This server process, for the logs and the leases: host, process id and a random part. */
    private static final String NODE = node();

    private Jobs() {}

    /**
     * A new holder of a job: this process and a random part, so that each run of a job (its start, each
     * takeover, even on the same node) holds its own lease and a run that lost its job knows it.
     */
    public static String newOwner() {
        return NODE + "#" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new running job held by {@code owner}, with its work cut in chunks (each the payload of one batch). */
    public static JobView create(
            KeycloakSession session,
            String realmId,
            String kind,
            String startedBy,
            Map<String, String> details,
            List<Chunk> chunks,
            String owner,
            long leaseMillis) {
        EntityManager em = VoterQueries.entityManager(session);
        long now = System.currentTimeMillis();
        JobEntity job = new JobEntity();
        job.setId(UUID.randomUUID().toString());
        job.setRealmId(realmId);
        job.setKind(kind);
        job.setState(JobState.RUNNING.value());
        job.setTotal(chunks.stream().mapToInt(Chunk::items).sum());
        job.setDone(0);
        job.setOwner(owner);
        job.setLeaseUntil(now + leaseMillis);
        job.setStartedBy(startedBy);
        job.setStartedAt(now);
        job.setDetails(json(details));
        em.persist(job);
        int seq = 0;
        for (Chunk chunk : chunks) {
            JobChunkEntity entity = new JobChunkEntity();
            entity.setId(job.getId() + ":" + seq);
            entity.setJobId(job.getId());
            entity.setSeq(seq++);
            entity.setItems(chunk.items());
            entity.setPayload(chunk.payload());
            em.persist(entity);
        }
        return JobView.of(job);
    }

    /**
     * The administrator's username, from the admin request's token (console and REST alike). The admin
     * clients' tokens are lightweight (no preferred_username): Keycloak resolves the user from the subject.
     */
    public static String startedBy(KeycloakSession session) {
        UserModel admin = session.getContext().getUser();
        if (admin != null) {
            return admin.getUsername();
        }
        return session.getContext().getBearerToken() instanceof AccessToken token
                        && token.getPreferredUsername() != null
                ? token.getPreferredUsername()
                : "unknown";
    }

    /** One batch of work: how many items it holds and their encoding. */
    public record Chunk(int items, String payload) {}

    public static Optional<JobView> find(KeycloakSession session, String realmId, String kind, String id) {
        JobEntity job = id == null ? null : VoterQueries.entityManager(session).find(JobEntity.class, id);
        return job == null
                        || !job.getRealmId().equals(realmId)
                        || !job.getKind().equals(kind)
                ? Optional.empty()
                : Optional.of(JobView.of(job));
    }

    /** The realm's running job of this kind, if any. */
    public static Optional<JobView> running(KeycloakSession session, String realmId, String kind) {
        return VoterQueries.entityManager(session)
                .createQuery(
                        "select j from JobEntity j where j.realmId = :realmId"
                                + " and j.kind = :kind and j.state = :running",
                        JobEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("kind", kind)
                .setParameter("running", JobState.RUNNING.value())
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .map(JobView::of);
    }

    /** RUNNING -> PAUSED, by a conditional update (two nodes' requests cannot cross). The job as it stands after; empty if no such job of this realm and kind. */
    public static Optional<JobView> pause(KeycloakSession session, String realmId, String kind, String id) {
        return transition(session, realmId, kind, id, List.of(JobState.RUNNING), JobState.PAUSED);
    }

    /** PAUSED -> RUNNING with the lease cleared (leaseUntil = 0), so the next JobResumer tick on any node (or the caller, via JobResumer.runnerHere) takes it up. Unchanged if not paused. */
    public static Optional<JobView> resume(KeycloakSession session, String realmId, String kind, String id) {
        return transition(session, realmId, kind, id, List.of(JobState.PAUSED), JobState.RUNNING);
    }

    /** RUNNING or PAUSED -> CANCELLED, chunks not yet done deleted; ended jobs unchanged. */
    public static Optional<JobView> cancel(KeycloakSession session, String realmId, String kind, String id) {
        return transition(session, realmId, kind, id, List.of(JobState.RUNNING, JobState.PAUSED), JobState.CANCELLED);
    }

    /**
     * One conditional update from one of {@code from} to {@code to}: the database orders two nodes' requests
     * (the second finds the state changed and updates nothing). The owner is dropped and the lease cleared,
     * so a runner holding the job loses it at its next batch and a resumed job is taken up at once.
     */
    private static Optional<JobView> transition(
            KeycloakSession session, String realmId, String kind, String id, List<JobState> from, JobState to) {
        if (find(session, realmId, kind, id).isEmpty()) {
            return Optional.empty();
        }
        EntityManager em = VoterQueries.entityManager(session);
        int changed = em.createQuery("update JobEntity j set j.state = :to, j.owner = null, j.leaseUntil = 0,"
                        + " j.finishedAt = :finishedAt where j.id = :id and j.state in :from")
                .setParameter("to", to.value())
                .setParameter("finishedAt", to.ended() ? System.currentTimeMillis() : null)
                .setParameter("id", id)
                .setParameter("from", from.stream().map(JobState::value).toList())
                .executeUpdate();
        if (changed == 1 && to.ended()) {
            eraseChunks(session, id);
        }
        JobEntity job = em.find(JobEntity.class, id);
        em.refresh(job);
        return Optional.of(JobView.of(job));
    }

    /** Running jobs of this kind whose holder has not renewed its lease in time. */
    static List<String> lapsed(KeycloakSession session, String kind, long now) {
        return VoterQueries.entityManager(session)
                .createQuery(
                        "select j.id from JobEntity j where j.kind = :kind"
                                + " and j.state = :running and j.leaseUntil < :now",
                        String.class)
                .setParameter("kind", kind)
                .setParameter("running", JobState.RUNNING.value())
                .setParameter("now", now)
                .getResultList();
    }

    /** Takes a lapsed job for {@code owner}; false when another node was first or the job ended. */
    static boolean claim(KeycloakSession session, String id, String owner, long now, long until) {
        return VoterQueries.entityManager(session)
                        .createQuery("update JobEntity j set j.owner = :node, j.leaseUntil = :until"
                                + " where j.id = :id and j.state = :running and j.leaseUntil < :now")
                        .setParameter("node", owner)
                        .setParameter("until", until)
                        .setParameter("id", id)
                        .setParameter("running", JobState.RUNNING.value())
                        .setParameter("now", now)
                        .executeUpdate()
                == 1;
    }

    /** Renews {@code owner}'s lease; false when the job is no longer theirs or no longer running. */
    static boolean renew(KeycloakSession session, String id, String owner, long until) {
        return VoterQueries.entityManager(session)
                        .createQuery("update JobEntity j set j.leaseUntil = :until"
                                + " where j.id = :id and j.owner = :node and j.state = :running")
                        .setParameter("until", until)
                        .setParameter("id", id)
                        .setParameter("node", owner)
                        .setParameter("running", JobState.RUNNING.value())
                        .executeUpdate()
                == 1;
    }

    static Optional<JobChunkEntity> nextChunk(KeycloakSession session, String jobId) {
        return VoterQueries.entityManager(session)
                .createQuery(
                        "select c from JobChunkEntity c where c.jobId = :jobId" + " order by c.seq",
                        JobChunkEntity.class)
                .setParameter("jobId", jobId)
                .setMaxResults(1)
                .getResultStream()
                .findFirst();
    }

    /** Deletes the chunks left (personal data): the job has ended. */
    static int eraseChunks(KeycloakSession session, String jobId) {
        return VoterQueries.entityManager(session)
                .createQuery("delete from JobChunkEntity c where c.jobId = :jobId")
                .setParameter("jobId", jobId)
                .executeUpdate();
    }

    /** Chunks still waiting, for tests and the docs' claim that an ended job keeps none. */
    public static long chunksLeft(KeycloakSession session, String jobId) {
        return VoterQueries.entityManager(session)
                .createQuery("select count(c) from JobChunkEntity c where c.jobId = :jobId", Long.class)
                .setParameter("jobId", jobId)
                .getSingleResult();
    }

    /**
     * Forgets the jobs of this kind that ended before {@code before} (their statuses: no personal data), with
     * any chunk left (a paused job cancelled keeps none; this is the backstop).
     */
    static int purge(KeycloakSession session, String kind, long before) {
        EntityManager em = VoterQueries.entityManager(session);
        String ended = "select j.id from JobEntity j where j.kind = :kind"
                + " and j.finishedAt is not null and j.finishedAt < :before";
        em.createQuery("delete from JobChunkEntity c where c.jobId in (" + ended + ")")
                .setParameter("kind", kind)
                .setParameter("before", before)
                .executeUpdate();
        return em.createQuery("delete from JobEntity j where j.kind = :kind"
                        + " and j.finishedAt is not null and j.finishedAt < :before")
                .setParameter("kind", kind)
                .setParameter("before", before)
                .executeUpdate();
    }

    /** Deletes every job of a realm being removed, with its chunks: nothing of an election outlives it. */
    public static void deleteRealm(KeycloakSession session, String realmId) {
        EntityManager em = VoterQueries.entityManager(session);
        em.createQuery("delete from JobChunkEntity c where c.jobId in"
                        + " (select j.id from JobEntity j where j.realmId = :realmId)")
                .setParameter("realmId", realmId)
                .executeUpdate();
        em.createQuery("delete from JobEntity j where j.realmId = :realmId")
                .setParameter("realmId", realmId)
                .executeUpdate();
    }

    static Map<String, String> details(JobEntity job) {
        if (job.getDetails() == null || job.getDetails().isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            return new LinkedHashMap<>(JsonSerialization.readValue(
                    job.getDetails(), new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(Map<String, String> details) {
        try {
            return JsonSerialization.writeValueAsString(details);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static String node() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            host = "unknown";
        }
        String name = host + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
        return name.length() > 255 ? name.substring(name.length() - 255) : name;
    }
}
