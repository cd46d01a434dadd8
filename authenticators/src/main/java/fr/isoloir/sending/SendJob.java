package fr.isoloir.sending;

import fr.isoloir.jobs.JobProgress;
import fr.isoloir.jobs.JobState;
import fr.isoloir.voter.DeliveryChannel;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * One "Send identifiers" job, stored as a row of the durable job table (kind {@value SendJobs#KIND}, see
 * {@link SendJobs}, encoded by {@link SendJobCodec}): what to send ({@link Request}), where it stands
 * ({@link Lifecycle}), how far the list of voters is prepared ({@link Preparation}), what it did
 * ({@link Counts}) and the pace it keeps ({@link Pace}). Immutable; each change is a new value. The
 * transitions are pure and take the clock's reading, so they are unit-tested with a fixed clock.
 *
 * <p>Voters are not listed in the job: each voter's own status ({@link VoterDelivery}) says what is left
 * to do. The job walks through two phases: it first marks the voters it targets {@code pending} (chunks of
 * the voters ordered by id, see {@link SendList}), then sends to {@code pending} voters at its rates.
 */
record SendJob(String id, Request request, Lifecycle lifecycle, Preparation preparation, Counts counts, Pace pace) {

    /**
     * What the manager asked for; the election's name and the voting site's address are resolved when the
     * job starts (the worker has no request to resolve a relative address against).
     */
    record Request(
            Channels channels, int emailRate, int smsRate, boolean resend, String electionName, String votingSiteUrl) {

        int rate(DeliveryChannel channel) {
            return channel == DeliveryChannel.SMS ? smsRate : emailRate;
        }
    }

    /** Where the job stands; {@code resumeAt} is set when an outage paused it. */
    record Lifecycle(
            JobState state,
            String pauseReason,
            Instant resumeAt,
            String startedBy,
            Instant startedAt,
            Instant finishedAt) {

        Lifecycle to(JobState newState, String reason, Instant resume, Instant finished) {
            return new Lifecycle(newState, reason, resume, startedBy, startedAt, finished);
        }
    }

    /**
     * Which voters the preparation marks {@code pending}, on which of the job's channels, and the last voter
     * id done on it ({@code after}: voters are taken in id order, so a restart goes on after it).
     */
    record Preparation(Prepare mode, int channel, String after) {
        static final Preparation DONE = new Preparation(Prepare.DONE, 0, null);

        boolean done() {
            return mode == Prepare.DONE;
        }
    }

    /** What this job did: voters it marked, and the outcome of each message it tried. */
    record Counts(int targeted, int sent, int failed, int uncertain) {
        static final Counts NONE = new Counts(0, 0, 0, 0);

        int pending() {
            return Math.max(0, targeted - sent - failed - uncertain);
        }

        /** Messages tried, whatever their outcome. */
        int done() {
            return sent + failed + uncertain;
        }

        Counts plus(Counts delta) {
            return new Counts(
                    targeted + delta.targeted, sent + delta.sent, failed + delta.failed, uncertain + delta.uncertain);
        }
    }

    /**
     * The throttle's state between ticks (the fraction of a message each channel may still send, and when
     * the last tick ran) and the provider failures in a row so far.
     */
    record Pace(double emailCredit, double smsCredit, Instant lastTickAt, int failureStreak) {
        static final Pace NONE = new Pace(0, 0, null, 0);

        double credit(DeliveryChannel channel) {
            return channel == DeliveryChannel.SMS ? smsCredit : emailCredit;
        }
    }

    /** Which voters the preparation marks {@code pending}, or DONE once it has walked through all of them. */
    enum Prepare {
        /** Voters of the channels who were never sent to (no status, or still pending). */
        NEW,
        /** Every voter of the channels: the manager asked to send again. */
        ALL,
        /** Voters whose delivery failed. */
        RETRY_FAILED,
        /** Voters whose delivery failed or is uncertain (a crash or time-out during the provider call). */
        RETRY_FAILED_AND_UNCERTAIN,
        DONE;

        String value() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Prepare of(String value) {
            for (Prepare prepare : values()) {
                if (prepare.value().equals(value)) {
                    return prepare;
                }
            }
            return DONE;
        }
    }

    /** email, sms or both. */
    enum Channels {
        EMAIL(List.of(DeliveryChannel.EMAIL)),
        SMS(List.of(DeliveryChannel.SMS)),
        BOTH(List.of(DeliveryChannel.EMAIL, DeliveryChannel.SMS));

        final List<DeliveryChannel> list;

        Channels(List<DeliveryChannel> list) {
            this.list = list;
        }

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The channels named {@code value} (case and spaces aside), or null. */
        static Channels of(String value) {
            String wanted = value == null ? "" : value.trim();
            for (Channels channels : values()) {
                if (channels.value().equalsIgnoreCase(wanted)) {
                    return channels;
                }
            }
            return null;
        }
    }

    static final String PAUSED_BY_MANAGER = "paused by the election manager";
    private static final DateTimeFormatter SHOWN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** A new job, running, not stored yet (no id). */
    static SendJob start(Request request, String startedBy, Instant now) {
        return new SendJob(
                null,
                request,
                new Lifecycle(JobState.RUNNING, null, null, startedBy, now, null),
                new Preparation(request.resend() ? Prepare.ALL : Prepare.NEW, 0, null),
                Counts.NONE,
                Pace.NONE);
    }

    JobState state() {
        return lifecycle.state();
    }

    boolean active() {
        return state() == JobState.RUNNING || state() == JobState.PAUSED;
    }

    List<DeliveryChannel> channelList() {
        return request.channels().list;
    }

    SendJob withId(String newId) {
        return new SendJob(newId, request, lifecycle, preparation, counts, pace);
    }

    private SendJob with(Lifecycle newLifecycle) {
        return new SendJob(id, request, newLifecycle, preparation, counts, pace);
    }

    /** The manager paused it (the job table's state already says paused): the reason shown. */
    SendJob pausedByManager() {
        return with(lifecycle.to(JobState.PAUSED, PAUSED_BY_MANAGER, null, null));
    }

    /** The manager resumed it (paused by them or by a provider outage). */
    SendJob resumedByManager() {
        return with(lifecycle.to(JobState.RUNNING, null, null, null));
    }

    /**
     * The manager retries the failed voters (and the uncertain ones when asked: they may have received the
     * message, so only the manager may decide to send again). The job runs again.
     */
    SendJob retry(boolean includeUncertain) {
        if (state() == JobState.CANCELLED || state() == JobState.FAILED) {
            throw new IllegalStateException("This send was " + state().value() + ": start a new one instead.");
        }
        return new SendJob(
                id,
                request,
                lifecycle.to(JobState.RUNNING, null, null, null),
                new Preparation(includeUncertain ? Prepare.RETRY_FAILED_AND_UNCERTAIN : Prepare.RETRY_FAILED, 0, null),
                counts,
                new Pace(pace.emailCredit(), pace.smsCredit(), pace.lastTickAt(), 0));
    }

    /** The provider is down or throttling: wait, then the worker resumes by itself (or the manager does). */
    SendJob pausedForOutage(String reason, Instant now, Duration pause) {
        return state() == JobState.RUNNING ? with(lifecycle.to(JobState.PAUSED, reason, now.plus(pause), null)) : this;
    }

    /** A job paused by an outage runs again once its pause is over; one paused by the manager waits for them. */
    SendJob resumedIfDue(Instant now) {
        return state() == JobState.PAUSED && lifecycle.resumeAt() != null && !now.isBefore(lifecycle.resumeAt())
                ? with(lifecycle.to(JobState.RUNNING, null, null, null))
                : this;
    }

    /**
     * No voter is left pending: done. Targeted voters neither sent nor failed are then all in {@code
     * sending}: the server stopped while their message was with the provider, before this job could count
     * them. They are uncertain.
     */
    SendJob finished(Instant now) {
        if (state() != JobState.RUNNING) {
            return this;
        }
        return new SendJob(
                id,
                request,
                lifecycle.to(JobState.FINISHED, null, null, now),
                preparation,
                counts.plus(new Counts(0, 0, 0, counts.pending())),
                pace);
    }

    /** Where the preparation stands after a chunk, and the voters it marked. */
    SendJob prepared(Preparation next, Counts delta) {
        return new SendJob(id, request, lifecycle, next, counts.plus(delta), pace);
    }

    /** After a tick of sending: outcomes added, the pace kept for the next tick. */
    SendJob ticked(Pace newPace, Counts delta) {
        return new SendJob(id, request, lifecycle, preparation, counts.plus(delta), newPace);
    }

    /** What the REST status gives as text. */
    String statusText() {
        return switch (state()) {
            case RUNNING -> preparation.done() ? "running: sending" : "running: preparing the list of voters";
            case PAUSED ->
                "paused: " + lifecycle.pauseReason()
                        + (lifecycle.resumeAt() == null
                                ? ""
                                : "; resumes by itself at " + SHOWN.format(lifecycle.resumeAt()));
            case FINISHED -> "finished at " + shown(lifecycle.finishedAt());
            case CANCELLED -> "cancelled at " + shown(lifecycle.finishedAt());
            case FAILED -> "failed at " + shown(lifecycle.finishedAt());
        };
    }

    String progressText() {
        int done = counts.done();
        int percent = counts.targeted() == 0 ? (preparation.done() ? 100 : 0) : (int) (100L * done / counts.targeted());
        return String.format(
                Locale.ROOT,
                "%d / %d (%d %%): %d sent, %d failed, %d uncertain, %d pending",
                done,
                counts.targeted(),
                percent,
                counts.sent(),
                counts.failed(),
                counts.uncertain(),
                counts.pending());
    }

    /** Progress in the shape common to every job: a message tried (sent, failed or uncertain) is done. */
    JobProgress progress() {
        return new JobProgress(
                counts.done(),
                counts.targeted(),
                state(),
                lifecycle.startedBy(),
                lifecycle.startedAt(),
                lifecycle.finishedAt());
    }

    private static String shown(Instant at) {
        return at == null ? "an unknown time" : SHOWN.format(at);
    }
}
