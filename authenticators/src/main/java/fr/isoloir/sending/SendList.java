package fr.isoloir.sending;

import fr.isoloir.sending.SendJob.Counts;
import fr.isoloir.sending.SendJob.Preparation;
import fr.isoloir.sending.SendJob.Prepare;
import fr.isoloir.sending.VoterDelivery.Status;
import fr.isoloir.voter.DeliveryChannel;
import fr.isoloir.voter.Voter;
import fr.isoloir.voter.VoterQueries;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

import java.util.List;

/**
 * Prepares a job's list of voters: marks {@code pending} the voters it targets, set-based, a few SQL
 * statements per chunk of voters over Keycloak's USER_ENTITY and USER_ATTRIBUTE tables (through JPA, as
 * {@link VoterQueries}), instead of loading and saving each voter through Keycloak's user API. Voters are
 * taken in id order, a chunk at a time: the chunk's marks and the job's new position ({@code after}, the
 * chunk's last id) commit together, so a restart goes on after the last chunk committed.
 *
 * <p>Correct in a cluster: the caller holds the job's row lock for the chunk, so two nodes cannot prepare
 * the same chunk; a status row created here has the voter's own id as its id, so even then a voter could
 * not get two status rows (the second insert fails on the primary key and its chunk rolls back whole).
 * Keycloak's user cache does not see these statements: the realm's cached users are evicted once the
 * chunk commits (every node, through Keycloak's invalidation).
 */
final class SendList {

    /** The channel's voters of the realm: {@code u}, a UserEntity. */
    private static final String CHANNEL_VOTER =
            "u.realmId = :realmId and exists (select c.id from UserAttributeEntity c"
                    + " where c.user = u and c.name = :channel and lower(c.value) = :channelValue)";

    private SendList() {}

    /** What a chunk did: the preparation's next position and the voters it added to the job. */
    record Step(Preparation next, Counts delta) {}

    /** Prepares the next chunk of {@code batch} voters (or, for a retry, every failed voter of a channel). */
    static Step chunk(KeycloakSession session, RealmModel realm, SendJob job, int batch) {
        Preparation at = job.preparation();
        List<DeliveryChannel> channels = job.channelList();
        if (at.done() || at.channel() >= channels.size()) {
            return new Step(Preparation.DONE, Counts.NONE);
        }
        DeliveryChannel channel = channels.get(at.channel());
        Step step = at.mode() == Prepare.NEW || at.mode() == Prepare.ALL
                ? nextChunk(session, realm, job, channel, at, batch)
                : retry(session, realm, job, channel, at);
        evictCachedUsers(session, realm);
        return step;
    }

    /** Marks pending the voters of the next id range: a new send, or a send again to everyone. */
    private static Step nextChunk(
            KeycloakSession session,
            RealmModel realm,
            SendJob job,
            DeliveryChannel channel,
            Preparation at,
            int batch) {
        EntityManager em = VoterQueries.entityManager(session);
        String after = at.after() == null ? "" : at.after();
        // The chunk's last id, or null when fewer than a chunk are left: the range is then open.
        String last = bind(
                        em.createQuery(
                                "select u.id from UserEntity u where " + CHANNEL_VOTER
                                        + " and u.id > :after order by u.id",
                                String.class),
                        realm,
                        channel)
                .setParameter("after", after)
                .setFirstResult(batch - 1)
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .orElse(null);
        String range = " and u.enabled = true and u.id > :after" + (last == null ? "" : " and u.id <= :last");
        // Left pending by a cancelled send: this job sends them (counted before the new marks).
        int alreadyPending = Math.toIntExact(statusParameters(range(
                        em.createQuery(
                                "select count(s) from UserAttributeEntity s, UserEntity u where s.user = u"
                                        + " and s.name = :status and s.value = :pending and " + CHANNEL_VOTER + range,
                                Long.class),
                        realm,
                        channel,
                        after,
                        last))
                .getSingleResult());
        int marked = 0;
        if (at.mode() == Prepare.ALL) {
            marked += statusParameters(range(
                            em.createQuery("update UserAttributeEntity s set s.value = :pending"
                                    + " where s.name = :status and s.value <> :pending and s.user.id in"
                                    + " (select u.id from UserEntity u where " + CHANNEL_VOTER + range + ")"),
                            realm,
                            channel,
                            after,
                            last))
                    .executeUpdate();
        }
        // Voters never sent to have no status row: one is created, its id the voter's (see the class).
        marked += range(
                        em.createQuery("insert into UserAttributeEntity (id, name, value, user)"
                                + " select u.id, '" + VoterDelivery.STATUS + "', '" + Status.PENDING.value() + "', u"
                                + " from UserEntity u where " + CHANNEL_VOTER + range
                                + " and not exists (select s.id from UserAttributeEntity s"
                                + " where s.user = u and s.name = '" + VoterDelivery.STATUS + "')"),
                        realm,
                        channel,
                        after,
                        last)
                .executeUpdate();
        Preparation next = last != null ? new Preparation(at.mode(), at.channel(), last) : nextChannel(job, at);
        return new Step(next, new Counts(alreadyPending + marked, 0, 0, 0));
    }

    /**
     * Retry: the channel's failed (and, when asked, uncertain) voters back to pending, in one statement
     * each. Voters this job had counted as failed or uncertain move back to pending; those that failed in
     * an earlier job join this one's voters.
     */
    private static Step retry(
            KeycloakSession session, RealmModel realm, SendJob job, DeliveryChannel channel, Preparation at) {
        int fromFailed = backToPending(session, realm, channel, Status.FAILED);
        int fromUncertain = at.mode() == Prepare.RETRY_FAILED_AND_UNCERTAIN
                ? backToPending(session, realm, channel, Status.SENDING)
                : 0;
        return new Step(nextChannel(job, at), retryDelta(job.counts(), fromFailed, fromUncertain));
    }

    private static int backToPending(
            KeycloakSession session, RealmModel realm, DeliveryChannel channel, Status status) {
        return statusParameters(bind(
                        VoterQueries.entityManager(session)
                                .createQuery("update UserAttributeEntity s set s.value = :pending"
                                        + " where s.name = :status and s.value = :from and s.user.id in"
                                        + " (select u.id from UserEntity u where " + CHANNEL_VOTER + ")"),
                        realm,
                        channel))
                .setParameter("from", status.value())
                .executeUpdate();
    }

    /** The first id range of the job's next channel, or done after the last channel. */
    private static Preparation nextChannel(SendJob job, Preparation at) {
        int next = at.channel() + 1;
        return next >= job.channelList().size() ? Preparation.DONE : new Preparation(at.mode(), next, null);
    }

    /**
     * Retried voters move from this job's failed (or uncertain) count back to pending; those that failed in
     * an earlier job join this one's voters.
     */
    static Counts retryDelta(Counts counts, int fromFailed, int fromUncertain) {
        int ownFailed = Math.min(fromFailed, counts.failed());
        int ownUncertain = Math.min(fromUncertain, counts.uncertain());
        return new Counts((fromFailed - ownFailed) + (fromUncertain - ownUncertain), 0, -ownFailed, -ownUncertain);
    }

    private static <Q extends Query> Q bind(Q query, RealmModel realm, DeliveryChannel channel) {
        query.setParameter("realmId", realm.getId());
        query.setParameter("channel", Voter.CHANNEL);
        query.setParameter("channelValue", channel.attributeValue());
        return query;
    }

    /** {@code :status}, the status attribute's name, and {@code :pending}, its value. */
    private static <Q extends Query> Q statusParameters(Q query) {
        query.setParameter("status", VoterDelivery.STATUS);
        query.setParameter("pending", Status.PENDING.value());
        return query;
    }

    private static <Q extends Query> Q range(
            Q query, RealmModel realm, DeliveryChannel channel, String after, String last) {
        bind(query, realm, channel).setParameter("after", after);
        if (last != null) {
            query.setParameter("last", last);
        }
        return query;
    }

    /**
     * Keycloak's user cache ({@code UserCache.evict(realm)}, in keycloak-model-storage, which cannot be a
     * Maven dependency: looked up by name, as {@link VoterQueries} does) forgets the realm's users once this
     * transaction commits, on every node: the statements above changed attributes behind its back.
     */
    @SuppressWarnings("unchecked")
    static void evictCachedUsers(KeycloakSession session, RealmModel realm) {
        try {
            Class<? extends Provider> type =
                    (Class<? extends Provider>) Class.forName("org.keycloak.models.cache.UserCache");
            Object cache = session.getProvider(type);
            if (cache != null) {
                type.getMethod("evict", RealmModel.class).invoke(cache, realm);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Keycloak's user cache cannot be told of the new statuses", e);
        }
    }
}
