package fr.isoloir.sending;

import fr.isoloir.jobs.JobProgress;
import fr.isoloir.jobs.JobState;
import fr.isoloir.voter.DeliveryChannel;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One "Send identifiers" job as stored in its admin-console item (a component's config, so in the
 * database: it survives a restart and every node of a cluster reads the same). Immutable; each change
 * is a new value, written back by {@link SendJobs}. The transitions are pure and take the clock's
 * reading, so they are unit-tested with a fixed clock.
 *
 * <p>Voters are not listed in the job: each voter's own status ({@link VoterDelivery}) says what is
 * left to do. The job walks through two phases: it first marks the voters it targets {@code pending}
 * ({@link Prepare}, in batches), then sends to {@code pending} voters at its rates.
 */
record SendJob(
        String id,
        Channels channels,
        int emailRate,
        int smsRate,
        boolean resend,
        State state,
        String pauseReason,
        Instant resumeAt,
        String startedBy,
        Instant startedAt,
        Instant finishedAt,
        Prepare prepare,
        int prepareChannel,
        int prepareOffset,
        Counts counts,
        double emailCredit,
        double smsCredit,
        Instant lastTickAt,
        int failureStreak,
        String electionName,
        String votingSiteUrl) {

    enum State {
        RUNNING,
        PAUSED,
        FINISHED,
        CANCELLED;

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State of(String value) {
            return byValue(values(), State::value, value);
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

        static Channels of(String value) {
            return byValue(values(), Channels::value, value);
        }
    }

    /** What this job did: voters it marked, and the outcome of each message it tried. */
    record Counts(int targeted, int sent, int failed, int uncertain) {
        static final Counts NONE = new Counts(0, 0, 0, 0);

        int pending() {
            return Math.max(0, targeted - sent - failed - uncertain);
        }

        Counts plus(Counts delta) {
            return new Counts(
                    targeted + delta.targeted, sent + delta.sent, failed + delta.failed, uncertain + delta.uncertain);
        }
    }

    // Config keys: the console item's fields (see SendIdentifiersPageFactory) and the worker's bookkeeping.
    static final String CHANNEL = "channel";
    static final String EMAIL_RATE = "emailRate";
    static final String SMS_RATE = "smsRate";
    static final String RESEND = "resend";
    static final String STATE = "state";
    static final String RETRY = "retry";
    static final String STATUS = "status";
    static final String PROGRESS = "progress";
    static final String STARTED_BY = "startedBy";
    static final String STARTED_AT = "startedAt";
    static final String FINISHED_AT = "finishedAt";
    static final String PAUSE_REASON = "pauseReason";
    static final String RESUME_AT = "resumeAt";
    static final String PREPARE = "prepare";
    static final String PREPARE_CHANNEL = "prepareChannel";
    static final String PREPARE_OFFSET = "prepareOffset";
    static final String TARGETED = "targeted";
    static final String SENT = "sent";
    static final String FAILED = "failed";
    static final String UNCERTAIN = "uncertain";
    static final String EMAIL_CREDIT = "emailCredit";
    static final String SMS_CREDIT = "smsCredit";
    static final String LAST_TICK_AT = "lastTickAt";
    static final String FAILURE_STREAK = "failureStreak";
    static final String ELECTION_NAME = "electionName";
    static final String VOTING_SITE_URL = "votingSiteUrl";

    /** The retry field of the console item: what the manager asks for, acted on at save, then back to none. */
    static final String RETRY_NONE = "none";

    static final String RETRY_FAILED_VALUE = "failed";
    static final String RETRY_FAILED_AND_UNCERTAIN_VALUE = "failed-and-uncertain";

    static final String PAUSED_BY_MANAGER = "paused by the election manager";
    private static final DateTimeFormatter SHOWN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** A new job, running. */
    static SendJob start(
            Channels channels,
            int emailRate,
            int smsRate,
            boolean resend,
            String startedBy,
            Instant now,
            String electionName,
            String votingSiteUrl) {
        return new SendJob(
                null,
                channels,
                emailRate,
                smsRate,
                resend,
                State.RUNNING,
                null,
                null,
                startedBy,
                now,
                null,
                resend ? Prepare.ALL : Prepare.NEW,
                0,
                0,
                Counts.NONE,
                0,
                0,
                null,
                0,
                electionName,
                votingSiteUrl);
    }

    boolean active() {
        return state == State.RUNNING || state == State.PAUSED;
    }

    int rate(DeliveryChannel channel) {
        return channel == DeliveryChannel.SMS ? smsRate : emailRate;
    }

    double credit(DeliveryChannel channel) {
        return channel == DeliveryChannel.SMS ? smsCredit : emailCredit;
    }

    SendJob withId(String newId) {
        return new SendJob(
                newId,
                channels,
                emailRate,
                smsRate,
                resend,
                state,
                pauseReason,
                resumeAt,
                startedBy,
                startedAt,
                finishedAt,
                prepare,
                prepareChannel,
                prepareOffset,
                counts,
                emailCredit,
                smsCredit,
                lastTickAt,
                failureStreak,
                electionName,
                votingSiteUrl);
    }

    private SendJob with(State newState, String reason, Instant resume, Instant finished) {
        return new SendJob(
                id,
                channels,
                emailRate,
                smsRate,
                resend,
                newState,
                reason,
                resume,
                startedBy,
                startedAt,
                finished,
                prepare,
                prepareChannel,
                prepareOffset,
                counts,
                emailCredit,
                smsCredit,
                lastTickAt,
                failureStreak,
                electionName,
                votingSiteUrl);
    }

    /** The manager pauses: the worker stops before its next message and waits until resumed. */
    SendJob pausedByManager() {
        requireActive("pause");
        return with(State.PAUSED, PAUSED_BY_MANAGER, null, null);
    }

    /** The manager resumes a paused job (paused by them or by a provider outage). */
    SendJob resumedByManager() {
        requireActive("resume");
        return with(State.RUNNING, null, null, null);
    }

    SendJob cancelled(Instant now) {
        requireActive("cancel");
        return with(State.CANCELLED, null, null, now);
    }

    /**
     * The manager retries the failed voters (and the uncertain ones when asked: they may have received
     * the message, so only the manager may decide to send again). The job runs again.
     */
    SendJob retry(boolean includeUncertain) {
        if (state == State.CANCELLED) {
            throw new IllegalStateException("This send was cancelled: start a new one instead.");
        }
        return new SendJob(
                id,
                channels,
                emailRate,
                smsRate,
                resend,
                State.RUNNING,
                null,
                null,
                startedBy,
                startedAt,
                null,
                includeUncertain ? Prepare.RETRY_FAILED_AND_UNCERTAIN : Prepare.RETRY_FAILED,
                0,
                0,
                counts,
                emailCredit,
                smsCredit,
                lastTickAt,
                0,
                electionName,
                votingSiteUrl);
    }

    /** The provider is down or throttling: wait, then the worker resumes by itself (or the manager does). */
    SendJob pausedForOutage(String reason, Instant now, Duration pause) {
        return state == State.RUNNING ? with(State.PAUSED, reason, now.plus(pause), null) : this;
    }

    /** A job paused by an outage runs again once its pause is over; one paused by the manager waits for them. */
    SendJob resumedIfDue(Instant now) {
        return state == State.PAUSED && resumeAt != null && !now.isBefore(resumeAt)
                ? with(State.RUNNING, null, null, null)
                : this;
    }

    /**
     * No voter is left pending: done. Targeted voters neither sent nor failed are then all in
     * {@code sending}: the server stopped while their message was with the provider, before this job
     * could count them. They are uncertain.
     */
    SendJob finished(Instant now) {
        if (state != State.RUNNING) {
            return this;
        }
        SendJob done = with(State.FINISHED, null, null, now);
        Counts stranded = new Counts(0, 0, 0, counts.pending());
        return done.prepared(prepare, prepareChannel, prepareOffset, stranded);
    }

    /** Where the preparation stands after a batch. */
    SendJob prepared(Prepare mode, int channel, int offset, Counts delta) {
        return new SendJob(
                id,
                channels,
                emailRate,
                smsRate,
                resend,
                state,
                pauseReason,
                resumeAt,
                startedBy,
                startedAt,
                finishedAt,
                mode,
                channel,
                offset,
                counts.plus(delta),
                emailCredit,
                smsCredit,
                lastTickAt,
                failureStreak,
                electionName,
                votingSiteUrl);
    }

    /**
     * After a tick of sending: outcomes added, credits kept for the next tick, and the provider failures
     * in a row so far (they span ticks: at a low rate an outage shows over several of them).
     */
    SendJob ticked(Instant now, double newEmailCredit, double newSmsCredit, Counts delta, int newFailureStreak) {
        return new SendJob(
                id,
                channels,
                emailRate,
                smsRate,
                resend,
                state,
                pauseReason,
                resumeAt,
                startedBy,
                startedAt,
                finishedAt,
                prepare,
                prepareChannel,
                prepareOffset,
                counts.plus(delta),
                newEmailCredit,
                newSmsCredit,
                now,
                newFailureStreak,
                electionName,
                votingSiteUrl);
    }

    /**
     * The manager's save of the console item, or a REST action, applied to the stored job: only the state
     * and the retry request are theirs; the rest is the worker's and stays as stored (the console sends
     * back what it read, which may be seconds old).
     */
    SendJob managerChange(String requestedState, String retry, Instant now) {
        String retryValue = retry == null || retry.isBlank() ? RETRY_NONE : retry.trim();
        if (!retryValue.equals(RETRY_NONE)) {
            if (!retryValue.equals(RETRY_FAILED_VALUE) && !retryValue.equals(RETRY_FAILED_AND_UNCERTAIN_VALUE)) {
                throw new IllegalStateException("Retry must be none, failed or failed-and-uncertain.");
            }
            return retry(retryValue.equals(RETRY_FAILED_AND_UNCERTAIN_VALUE));
        }
        State wanted = requestedState == null || requestedState.isBlank() ? state : State.of(requestedState);
        if (wanted == null) {
            throw new IllegalStateException("State must be running, paused or cancelled.");
        }
        if (wanted == state) {
            return this;
        }
        return switch (wanted) {
            case PAUSED -> pausedByManager();
            case RUNNING -> resumedByManager();
            case CANCELLED -> cancelled(now);
            case FINISHED -> throw new IllegalStateException("A send finishes by itself once every voter is done.");
        };
    }

    private void requireActive(String action) {
        if (!active()) {
            throw new IllegalStateException("This send is " + state.value() + ": it cannot " + action + ".");
        }
    }

    /** What the console shows and the REST status gives as text. */
    String statusText() {
        return switch (state) {
            case RUNNING -> prepare == Prepare.DONE ? "running: sending" : "running: preparing the list of voters";
            case PAUSED ->
                "paused: " + pauseReason + (resumeAt == null ? "" : "; resumes by itself at " + SHOWN.format(resumeAt));
            case FINISHED -> "finished at " + SHOWN.format(finishedAt);
            case CANCELLED -> "cancelled at " + SHOWN.format(finishedAt);
        };
    }

    String progressText() {
        int done = counts.sent() + counts.failed() + counts.uncertain();
        int percent =
                counts.targeted() == 0 ? (prepare == Prepare.DONE ? 100 : 0) : (int) (100L * done / counts.targeted());
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

    Map<String, String> toConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(CHANNEL, channels.value());
        config.put(EMAIL_RATE, Integer.toString(emailRate));
        config.put(SMS_RATE, Integer.toString(smsRate));
        config.put(RESEND, Boolean.toString(resend));
        config.put(STATE, state.value());
        config.put(RETRY, RETRY_NONE);
        config.put(STATUS, statusText());
        config.put(PROGRESS, progressText());
        put(config, STARTED_BY, startedBy);
        put(config, STARTED_AT, startedAt);
        put(config, FINISHED_AT, finishedAt);
        put(config, PAUSE_REASON, pauseReason);
        put(config, RESUME_AT, resumeAt);
        config.put(PREPARE, prepare.value());
        config.put(PREPARE_CHANNEL, Integer.toString(prepareChannel));
        config.put(PREPARE_OFFSET, Integer.toString(prepareOffset));
        config.put(TARGETED, Integer.toString(counts.targeted()));
        config.put(SENT, Integer.toString(counts.sent()));
        config.put(FAILED, Integer.toString(counts.failed()));
        config.put(UNCERTAIN, Integer.toString(counts.uncertain()));
        config.put(EMAIL_CREDIT, Double.toString(emailCredit));
        config.put(SMS_CREDIT, Double.toString(smsCredit));
        put(config, LAST_TICK_AT, lastTickAt);
        config.put(FAILURE_STREAK, Integer.toString(failureStreak));
        put(config, ELECTION_NAME, electionName);
        put(config, VOTING_SITE_URL, votingSiteUrl);
        return config;
    }

    /** Reads a stored job; a damaged field reads as its safe value (a job never fails to load). */
    static SendJob fromConfig(String id, Map<String, String> config) {
        Channels channels = Channels.of(config.get(CHANNEL));
        State state = State.of(config.get(STATE));
        return new SendJob(
                id,
                channels == null ? Channels.BOTH : channels,
                integer(config, EMAIL_RATE, 1),
                integer(config, SMS_RATE, 1),
                Boolean.parseBoolean(config.get(RESEND)),
                state == null ? State.PAUSED : state,
                config.get(PAUSE_REASON),
                instant(config, RESUME_AT),
                config.get(STARTED_BY),
                instant(config, STARTED_AT),
                instant(config, FINISHED_AT),
                Prepare.of(config.get(PREPARE)),
                integer(config, PREPARE_CHANNEL, 0),
                integer(config, PREPARE_OFFSET, 0),
                new Counts(
                        integer(config, TARGETED, 0),
                        integer(config, SENT, 0),
                        integer(config, FAILED, 0),
                        integer(config, UNCERTAIN, 0)),
                decimal(config, EMAIL_CREDIT),
                decimal(config, SMS_CREDIT),
                instant(config, LAST_TICK_AT),
                integer(config, FAILURE_STREAK, 0),
                config.get(ELECTION_NAME),
                config.get(VOTING_SITE_URL));
    }

    /** The job as the REST API shows it. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("state", state.value());
        json.put("status", statusText());
        json.put("progress", progressText());
        json.put("channel", channels.value());
        json.put("emailRate", emailRate);
        json.put("smsRate", smsRate);
        json.put("resend", resend);
        json.put("startedBy", startedBy);
        json.put("startedAt", startedAt == null ? null : startedAt.toString());
        json.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
        json.put("pauseReason", pauseReason);
        json.put("resumeAt", resumeAt == null ? null : resumeAt.toString());
        json.put("preparing", prepare != Prepare.DONE);
        Map<String, Object> countsJson = new LinkedHashMap<>();
        countsJson.put("targeted", counts.targeted());
        countsJson.put("sent", counts.sent());
        countsJson.put("failed", counts.failed());
        countsJson.put("uncertain", counts.uncertain());
        countsJson.put("pending", counts.pending());
        json.put("counts", countsJson);
        // The fields every job's status shares (done / total, rate, time left...): same names, same meaning.
        json.putAll(progress().toJson(Instant.now()));
        return json;
    }

    /** Progress in the shape common to every job: a message tried (sent, failed or uncertain) is done. */
    JobProgress progress() {
        return new JobProgress(
                counts.sent() + counts.failed() + counts.uncertain(),
                counts.targeted(),
                JobState.of(state.value()),
                startedBy,
                startedAt,
                finishedAt);
    }

    List<DeliveryChannel> channelList() {
        return new ArrayList<>(channels.list);
    }

    /** The constant whose value is {@code typed} (case and spaces aside), or null. */
    private static <E> E byValue(E[] constants, java.util.function.Function<E, String> value, String typed) {
        String wanted = typed == null ? "" : typed.trim();
        for (E constant : constants) {
            if (value.apply(constant).equalsIgnoreCase(wanted)) {
                return constant;
            }
        }
        return null;
    }

    private static void put(Map<String, String> config, String key, Object value) {
        if (value != null) {
            config.put(key, value.toString());
        }
    }

    private static int integer(Map<String, String> config, String key, int fallback) {
        try {
            return Integer.parseInt(config.getOrDefault(key, "").trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static double decimal(Map<String, String> config, String key) {
        try {
            return Double.parseDouble(config.getOrDefault(key, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Instant instant(Map<String, String> config, String key) {
        try {
            String value = config.get(key);
            return value == null || value.isBlank() ? null : Instant.parse(value);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
