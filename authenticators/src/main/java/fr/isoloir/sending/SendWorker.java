package fr.isoloir.sending;

import fr.isoloir.delivery.DeliveryLog;
import fr.isoloir.delivery.MessageDelivery;
import fr.isoloir.delivery.OutgoingMessage;
import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.sending.SendJob.Counts;
import fr.isoloir.sending.SendJob.Prepare;
import fr.isoloir.sending.SendJob.State;
import fr.isoloir.sending.VoterDelivery.Status;
import fr.isoloir.sms.SmsException;
import fr.isoloir.voter.DeliveryChannel;
import fr.isoloir.voter.Voter;
import fr.isoloir.voter.VoterQueries;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One tick of the "Send identifiers" worker, run by Keycloak's timer on one node of the cluster at a
 * time ({@code ClusterAwareScheduledTaskRunner}). For each running job it first marks the voters it
 * targets {@code pending} (batches, each in its own transaction with the job's position, so a restart
 * goes on where it stopped), then sends to {@code pending} voters at the job's rates, synchronously, so
 * that each voter's status says what really happened. Per voter:
 * <ol>
 *   <li>claim the voter cluster-wide ({@code singleUseObjects().putIfAbsent}: even two overlapping ticks
 *       cannot both take one voter), render the message, mark {@code sending}, commit;</li>
 *   <li>call the provider, mark {@code sent} or {@code failed} with a short reason, commit.</li>
 * </ol>
 * A voter left in {@code sending} is uncertain: never picked again by itself. Holds no state between
 * ticks: everything is in the database.
 */
final class SendWorker implements ScheduledTask {

    static final String TASK_NAME = "isoloir-identifier-sending";
    private static final String CLAIM = "isoloir.sending.claim.";
    private static final long CLAIM_SECONDS = 600;
    private static final Logger LOG = Logger.getLogger(SendWorker.class);

    private final SendingConfig config;
    private final Clock clock;

    SendWorker(SendingConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String getTaskName() {
        return TASK_NAME;
    }

    private record JobRef(String realmId, String jobId) {}

    @Override
    public void run(KeycloakSession session) {
        List<JobRef> jobs = session.realms()
                .getRealmsStream()
                .flatMap(realm -> SendJobs.all(realm).stream()
                        .filter(SendJob::active)
                        .map(job -> new JobRef(realm.getId(), job.id())))
                .toList();
        for (JobRef job : jobs) {
            try {
                runJob(session.getKeycloakSessionFactory(), job);
            } catch (RuntimeException e) {
                // The next tick tries again; statuses already committed stay true.
                LOG.warnf(
                        "Isoloir: identifier sending job %s stopped this tick: %s",
                        job.jobId(), e.getClass().getName());
            }
        }
    }

    private void runJob(KeycloakSessionFactory factory, JobRef ref) {
        Instant started = clock.instant();
        Instant deadline = started.plus(config.tickBudget());
        Optional<SendJob> job = inRealm(
                factory,
                ref,
                (session, realm) -> SendJobs.workerChange(session, realm, ref.jobId(), j -> j.resumedIfDue(started)));
        while (job.isPresent()
                && job.get().state() == State.RUNNING
                && job.get().prepare() != Prepare.DONE
                && clock.instant().isBefore(deadline)) {
            job = inRealm(factory, ref, (session, realm) -> prepareBatch(session, realm, ref.jobId()));
        }
        if (job.isPresent() && job.get().state() == State.RUNNING && job.get().prepare() == Prepare.DONE) {
            send(factory, ref, job.get(), started, deadline);
        }
    }

    /** Marks one batch of the job's voters {@code pending}, and the job's new position, in one transaction. */
    private Optional<SendJob> prepareBatch(KeycloakSession session, RealmModel realm, String jobId) {
        Optional<SendJob> stored = SendJobs.get(realm, jobId);
        if (stored.isEmpty()
                || stored.get().state() != State.RUNNING
                || stored.get().prepare() == Prepare.DONE) {
            return stored;
        }
        SendJob job = stored.get();
        List<DeliveryChannel> channels = job.channelList();
        if (job.prepareChannel() >= channels.size()) {
            return SendJobs.workerChange(session, realm, jobId, j -> j.prepared(Prepare.DONE, 0, 0, Counts.NONE));
        }
        String channel = channels.get(job.prepareChannel()).attributeValue();
        int batch = config.prepareBatch();
        int targeted = 0;
        int fromFailed = 0;
        int fromUncertain = 0;
        int seen;
        int nextOffset;
        if (job.prepare() == Prepare.NEW || job.prepare() == Prepare.ALL) {
            // Paged by position over the channel's voters: marking them does not change the channel, so the
            // pages stay put; the position is committed with the marks.
            List<UserModel> voters = search(session, realm, Map.of(Voter.CHANNEL, channel), job.prepareOffset(), batch);
            for (UserModel voter : voters) {
                Status status = VoterDelivery.status(voter);
                if (voter.isEnabled() && status != Status.PENDING && (job.prepare() == Prepare.ALL || status == null)) {
                    VoterDelivery.markPending(voter);
                    targeted++;
                } else if (voter.isEnabled() && status == Status.PENDING) {
                    targeted++; // left pending by a cancelled send: this job sends it
                }
            }
            seen = voters.size();
            nextOffset = job.prepareOffset() + seen;
        } else {
            // Retry: the voters leave the failed (or sending) status as they are marked, so always page 0.
            List<UserModel> voters = new ArrayList<>(search(
                    session,
                    realm,
                    Map.of(VoterDelivery.STATUS, Status.FAILED.value(), Voter.CHANNEL, channel),
                    0,
                    batch));
            fromFailed = voters.size();
            if (job.prepare() == Prepare.RETRY_FAILED_AND_UNCERTAIN && voters.size() < batch) {
                List<UserModel> uncertain = search(
                        session,
                        realm,
                        Map.of(VoterDelivery.STATUS, Status.SENDING.value(), Voter.CHANNEL, channel),
                        0,
                        batch - voters.size());
                fromUncertain = uncertain.size();
                voters.addAll(uncertain);
            }
            voters.forEach(VoterDelivery::markPending);
            seen = voters.size();
            nextOffset = 0;
        }
        boolean channelDone = seen < batch;
        int nextChannel = channelDone ? job.prepareChannel() + 1 : job.prepareChannel();
        Prepare next = channelDone && nextChannel >= channels.size() ? Prepare.DONE : job.prepare();
        Counts delta = retryDelta(job.counts(), targeted, fromFailed, fromUncertain);
        return SendJobs.workerChange(
                session,
                realm,
                jobId,
                j -> j.prepared(next, next == Prepare.DONE ? 0 : nextChannel, channelDone ? 0 : nextOffset, delta));
    }

    /**
     * Retried voters move from this job's failed (or uncertain) count back to pending; those that failed
     * in an earlier job join this one's voters.
     */
    static Counts retryDelta(Counts counts, int targeted, int fromFailed, int fromUncertain) {
        int ownFailed = Math.min(fromFailed, counts.failed());
        int ownUncertain = Math.min(fromUncertain, counts.uncertain());
        return new Counts(
                targeted + (fromFailed - ownFailed) + (fromUncertain - ownUncertain), 0, -ownFailed, -ownUncertain);
    }

    /** What happened to one voter. */
    enum Outcome {
        SENT,
        VOTER_FAILED,
        PROVIDER_FAILED,
        UNCERTAIN,
        THROTTLED,
        SKIPPED,
        STOPPED
    }

    private record Result(Outcome outcome, String reason) {}

    private void send(KeycloakSessionFactory factory, JobRef ref, SendJob job, Instant started, Instant deadline) {
        int sent = 0;
        int failed = 0;
        int uncertain = 0;
        int streak = job.failureStreak();
        String pause = null;
        boolean anyPending = false;
        boolean stopped = false;
        double emailCredit = job.emailCredit();
        double smsCredit = job.smsCredit();
        for (DeliveryChannel channel : job.channelList()) {
            Throttle.Allowance allowance = new Throttle(job.rate(channel), config.tick())
                    .allowance(job.credit(channel), job.lastTickAt(), started);
            // At least one, to learn whether anyone is still pending even when this tick may send none.
            List<String> pending = inRealm(
                    factory,
                    ref,
                    (session, realm) -> pendingIds(session, realm, channel, Math.max(1, allowance.messages())));
            anyPending |= !pending.isEmpty();
            int used = 0;
            for (String userId : pending) {
                if (used >= allowance.messages()
                        || pause != null
                        || stopped
                        || !clock.instant().isBefore(deadline)) {
                    break;
                }
                Result result = sendOne(factory, ref, job, channel, userId);
                switch (result.outcome()) {
                    case SENT -> {
                        sent++;
                        streak = 0;
                    }
                    case VOTER_FAILED -> failed++;
                    case PROVIDER_FAILED -> {
                        failed++;
                        streak++;
                    }
                    case UNCERTAIN -> {
                        uncertain++;
                        streak++;
                    }
                    case THROTTLED -> pause = "the provider is throttling (" + result.reason() + ")";
                    case STOPPED -> stopped = true;
                    case SKIPPED -> {
                        // another tick has it, or it is no longer pending
                    }
                }
                if (result.outcome() != Outcome.SKIPPED && result.outcome() != Outcome.STOPPED) {
                    used++;
                }
                if (pause == null && streak >= config.outageFailures()) {
                    pause = "provider outage: " + streak + " failures in a row, the last: " + result.reason();
                }
            }
            if (channel == DeliveryChannel.SMS) {
                smsCredit = allowance.creditAfter(used);
            } else {
                emailCredit = allowance.creditAfter(used);
            }
        }
        Counts delta = new Counts(0, sent, failed, uncertain);
        double newEmailCredit = emailCredit;
        double newSmsCredit = smsCredit;
        int newStreak = streak;
        String pauseReason = pause;
        boolean finished = !anyPending;
        Instant now = clock.instant();
        inRealm(
                factory,
                ref,
                (session, realm) -> SendJobs.workerChange(session, realm, ref.jobId(), j -> {
                    SendJob ticked = j.ticked(now, newEmailCredit, newSmsCredit, delta, newStreak);
                    if (pauseReason != null) {
                        LOG.warnf(
                                "Isoloir: identifier sending job %s paused for %s: %s",
                                j.id(), config.outagePause(), pauseReason);
                        return ticked.pausedForOutage(pauseReason, now, config.outagePause());
                    }
                    return finished ? ticked.finished(now) : ticked;
                }));
    }

    private Result sendOne(
            KeycloakSessionFactory factory, JobRef ref, SendJob job, DeliveryChannel channel, String userId) {
        Instant now = clock.instant();
        Prepared prepared =
                inRealm(factory, ref, (session, realm) -> claimAndRender(session, realm, job, channel, userId, now));
        if (prepared.message() == null) {
            return prepared.result();
        }
        try {
            return inRealm(factory, ref, (session, realm) -> deliver(session, realm, userId, prepared.message()));
        } catch (RuntimeException e) {
            // The provider may have taken it and the status was not stored: the voter stays sending (uncertain).
            LOG.warnf(
                    "Isoloir: %s: status not stored after the provider call (%s)",
                    prepared.message(), e.getClass().getName());
            return new Result(Outcome.UNCERTAIN, "status not stored after the send");
        }
    }

    private record Prepared(Result result, OutgoingMessage message) {}

    private Prepared claimAndRender(
            KeycloakSession session,
            RealmModel realm,
            SendJob job,
            DeliveryChannel channel,
            String userId,
            Instant now) {
        Optional<SendJob> current = SendJobs.get(realm, job.id());
        if (current.isEmpty() || current.get().state() != State.RUNNING) {
            return new Prepared(new Result(Outcome.STOPPED, null), null);
        }
        String claim = CLAIM + realm.getId() + "." + userId;
        if (!session.singleUseObjects().putIfAbsent(claim, CLAIM_SECONDS)) {
            return new Prepared(new Result(Outcome.SKIPPED, null), null);
        }
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null || VoterDelivery.status(user) != Status.PENDING) {
            session.singleUseObjects().remove(claim);
            return new Prepared(new Result(Outcome.SKIPPED, null), null);
        }
        Voter voter = new Voter(user);
        Optional<String> address = channel == DeliveryChannel.EMAIL ? voter.email() : voter.phone();
        Optional<VoterIdentifier> identifier =
                VoterIdentifier.parse(user.getUsername()).identifier();
        String problem = address.isEmpty()
                ? (channel == DeliveryChannel.EMAIL ? "no email address" : "no mobile number")
                : identifier.isEmpty() ? "the username is not an identifier" : null;
        OutgoingMessage message = null;
        if (problem == null) {
            try {
                message = IdentifierMessage.render(
                        session,
                        realm,
                        user,
                        channel,
                        address.get(),
                        identifier.get(),
                        job.electionName(),
                        job.votingSiteUrl());
            } catch (Exception e) {
                LOG.warnf(
                        "Isoloir: identifier message for voter %s not rendered: %s",
                        userId, e.getClass().getName());
                problem = "the message could not be prepared";
            }
        }
        if (problem != null) {
            VoterDelivery.mark(user, Status.FAILED, now, problem);
            session.singleUseObjects().remove(claim);
            return new Prepared(new Result(Outcome.VOTER_FAILED, problem), null);
        }
        VoterDelivery.mark(user, Status.SENDING, now, null);
        return new Prepared(null, message);
    }

    private Result deliver(KeycloakSession session, RealmModel realm, String userId, OutgoingMessage message) {
        Result result;
        try {
            MessageDelivery.send(session, realm, message);
            result = new Result(Outcome.SENT, null);
        } catch (SmsException e) {
            String reason = "sms " + e.reasonCode()
                    + e.providerDetail().map(d -> " (" + d + ")").orElse("");
            result = switch (e.reason()) {
                case TIMEOUT -> new Result(Outcome.UNCERTAIN, reason + ": the provider may have sent it");
                case REJECTED -> new Result(Outcome.VOTER_FAILED, reason);
                case RATE_LIMITED -> new Result(Outcome.THROTTLED, reason);
                case PROVIDER_ERROR, NOT_CONFIGURED -> new Result(Outcome.PROVIDER_FAILED, reason);
            };
        } catch (EmailException e) {
            result = new Result(Outcome.PROVIDER_FAILED, "email not sent (" + MessageDelivery.rootCause(e) + ")");
        } catch (RuntimeException e) {
            result = new Result(
                    Outcome.PROVIDER_FAILED, "unexpected " + e.getClass().getSimpleName());
        }
        UserModel user = session.users().getUserById(realm, userId);
        if (user != null) {
            Instant at = clock.instant();
            switch (result.outcome()) {
                case SENT -> VoterDelivery.mark(user, Status.SENT, at, null);
                case UNCERTAIN -> VoterDelivery.mark(user, Status.SENDING, at, result.reason());
                // Refused before it was taken: nothing went out, the voter waits for the job to resume.
                case THROTTLED -> VoterDelivery.mark(user, Status.PENDING, at, result.reason());
                default -> VoterDelivery.mark(user, Status.FAILED, at, result.reason());
            }
            session.singleUseObjects().remove(CLAIM + realm.getId() + "." + userId);
        }
        LOG.infof(
                "Isoloir: identifier %s: %s%s",
                message, result.outcome(), result.reason() == null ? "" : " (" + result.reason() + ")");
        return result;
    }

    /**
     * Ids of up to {@code max} pending voters of this channel, in no particular order: one query through the
     * (NAME, VALUE) index of Keycloak's USER_ATTRIBUTE table that stops at {@code max} rows. Keycloak's
     * searchForUserStream sorts every match by username before the first row, and its attribute search
     * loads every matching user: with 100,000 voters pending, a tick spent its time there and sent nothing.
     */
    static List<String> pendingIds(KeycloakSession session, RealmModel realm, DeliveryChannel channel, int max) {
        return VoterQueries.entityManager(session)
                .createQuery(
                        "select s.user.id from UserAttributeEntity s, UserAttributeEntity c"
                                + " where s.name = :status and s.value = :pending and c.user = s.user and c.name = :channel"
                                + " and lower(c.value) = :channelValue and s.user.realmId = :realmId",
                        String.class)
                .setParameter("status", VoterDelivery.STATUS)
                .setParameter("pending", Status.PENDING.value())
                .setParameter("channel", Voter.CHANNEL)
                .setParameter("channelValue", channel.attributeValue())
                .setParameter("realmId", realm.getId())
                .setMaxResults(max)
                .getResultList();
    }

    static List<UserModel> search(
            KeycloakSession session, RealmModel realm, Map<String, String> attributes, int first, int max) {
        try (Stream<UserModel> users = session.users().searchForUserStream(realm, attributes, first, max)) {
            return users.toList();
        }
    }

    private interface RealmTask<V> {
        V run(KeycloakSession session, RealmModel realm);
    }

    private static <V> V inRealm(KeycloakSessionFactory factory, JobRef ref, RealmTask<V> task) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            RealmModel realm = session.realms().getRealm(ref.realmId());
            session.getContext().setRealm(realm);
            return task.run(session, realm);
        });
    }

    /** For the failure list: the masked contact of a voter on a channel. */
    static String maskedContact(UserModel user) {
        Voter voter = new Voter(user);
        DeliveryChannel channel = voter.channel();
        return DeliveryLog.mask(
                channel,
                channel == DeliveryChannel.SMS
                        ? voter.phone().orElse(null)
                        : voter.email().orElse(null));
    }
}
