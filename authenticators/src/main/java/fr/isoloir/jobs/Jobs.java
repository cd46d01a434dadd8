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

    /** RUNNING or PAUSED -> CANCELLED, chunks not yet done deleted; ended jobs unchanged. */
    public static Optional<JobView> cancel(KeycloakSession session, String realmId, String kind, String id) {
        if (find(session, realmId, kind, id).isEmpty()) {
            return Optional.empty();
        }
        EntityManager em = VoterQueries.entityManager(session);
        // Conditional: a batch in flight holds the row until it commits, then its run sees the job cancelled.
        int cancelled = em.createQuery("update JobEntity j set j.state = :cancelled, j.finishedAt = :now,"
                        + " j.owner = null, j.leaseUntil = 0 where j.id = :id and j.state in (:active)")
                .setParameter("cancelled", JobState.CANCELLED.value())
                .setParameter("now", System.currentTimeMillis())
                .setParameter("id", id)
                .setParameter("active", List.of(JobState.RUNNING.value(), JobState.PAUSED.value()))
                .executeUpdate();
        if (cancelled == 1) {
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

    /** Forgets the jobs of this kind that ended before {@code before} (their statuses: no personal data). */
    static int purge(KeycloakSession session, String kind, long before) {
        return VoterQueries.entityManager(session)
                .createQuery("delete from JobEntity j where j.kind = :kind"
                        + " and j.finishedAt is not null and j.finishedAt < :before")
                .setParameter("kind", kind)
                .setParameter("before", before)
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
