package fr.isoloir.sending;

import fr.isoloir.delivery.DeliveryLog;
import fr.isoloir.delivery.MessageDelivery;
import fr.isoloir.delivery.OutgoingMessage;
import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.jobs.JobRows;
import fr.isoloir.jobs.JobState;
import fr.isoloir.sending.SendJob.Counts;
import fr.isoloir.sending.SendJob.Pace;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One tick of the "Send identifiers" worker, run by Keycloak's timer on one node of the cluster at a
 * time ({@link fr.isoloir.OneNodePerTick}: a cluster-wide lock held for the tick, so when a node stops
 * the next tick on any other node goes on). Jobs are rows of the durable job table ({@link SendJobs}).
 * For each running job it first marks the voters it targets {@code pending} ({@link SendList}: chunks,
 * each in its own transaction with the job's position, so a restart goes on where it stopped), then sends to {@code pending} voters at the job's rates, synchronously, so
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
        List<JobRef> jobs = JobRows.unended(session, SendJobs.KIND).stream()
                .map(job -> new JobRef(job.realmId(), job.id()))
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
                (session, realm) -> SendJobs.update(session, realm, ref.jobId(), j -> j.resumedIfDue(started)));
        while (job.isPresent()
                && job.get().state() == JobState.RUNNING
                && !job.get().preparation().done()
                && clock.instant().isBefore(deadline)) {
            job = inRealm(factory, ref, (session, realm) -> prepareChunk(session, realm, ref.jobId()));
        }
        if (job.isPresent()
                && job.get().state() == JobState.RUNNING
                && job.get().preparation().done()) {
            send(factory, ref, job.get(), started, deadline);
        }
    }

    /**
     * Marks one chunk of the job's voters {@code pending} and stores the job's new position, in one
     * transaction, under the job's row lock (taken before the chunk is read).
     */
    private Optional<SendJob> prepareChunk(KeycloakSession session, RealmModel realm, String jobId) {
        return SendJobs.update(session, realm, jobId, job -> {
            if (job.state() != JobState.RUNNING || job.preparation().done()) {
                return job;
            }
            SendList.Step step = SendList.chunk(session, realm, job, config.prepareBatch());
            return job.prepared(step.next(), step.delta());
        });
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
        int streak = job.pace().failureStreak();
        String pause = null;
        boolean anyPending = false;
        boolean stopped = false;
        double emailCredit = job.pace().emailCredit();
        double smsCredit = job.pace().smsCredit();
        for (DeliveryChannel channel : job.channelList()) {
            Throttle.Allowance allowance = new Throttle(job.request().rate(channel), config.tick())
                    .allowance(job.pace().credit(channel), job.pace().lastTickAt(), started);
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
                (session, realm) -> SendJobs.update(session, realm, ref.jobId(), j -> {
                    SendJob ticked = j.ticked(new Pace(newEmailCredit, newSmsCredit, now, newStreak), delta);
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
        Optional<SendJob> current = SendJobs.get(session, realm, job.id());
        if (current.isEmpty() || current.get().state() != JobState.RUNNING) {
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
                        job.request().electionName(),
                        job.request().votingSiteUrl());
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
