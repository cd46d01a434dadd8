package fr.isoloir.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one progress shape of every long job (voter import, identifier sending): done / total, the average
 * rate since the start, the time left at that rate, the state, who started it and when. The rate counts
 * from the start to now (or to the end): pauses and restarts lower it, so the time left errs long.
 *
 * @param finishedAt null while the job has not ended
 */
public record JobProgress(
        int done, int total, JobState state, String startedBy, Instant startedAt, Instant finishedAt) {

    // JSON field names, shared by every job's REST answer.
    static final String DONE = "done";
    static final String TOTAL = "total";
    static final String RATE = "ratePerMinute";
    static final String SECONDS_LEFT = "secondsLeft";
    static final String STATE = "state";
    static final String STARTED_BY = "startedBy";
    static final String STARTED_AT = "startedAt";
    static final String FINISHED_AT = "finishedAt";

    /** Items a minute since the start, one decimal; 0 before the first item or without a start time. */
    public double ratePerMinute(Instant now) {
        if (startedAt == null || done <= 0) {
            return 0;
        }
        long millis = Duration.between(startedAt, finishedAt != null ? finishedAt : now)
                .toMillis();
        if (millis <= 0) {
            return 0;
        }
        return Math.round(done * 600_000.0 / millis) / 10.0;
    }

    /**
     * Seconds until done at the rate so far: 0 once nothing is left or the job finished; null when it cannot
     * be told (no rate yet) or will never come (cancelled, failed).
     */
    public Long secondsLeft(Instant now) {
        if (state == JobState.FINISHED) {
            return 0L;
        }
        if (state == JobState.CANCELLED || state == JobState.FAILED) {
            return null;
        }
        int left = Math.max(0, total - done);
        if (left == 0) {
            return 0L;
        }
        double rate = ratePerMinute(now);
        return rate <= 0 ? null : (long) Math.ceil(left * 60 / rate);
    }

    /** The common fields, for a job's REST answer (added beside its own fields). */
    public Map<String, Object> toJson(Instant now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(STATE, state.value());
        json.put(DONE, done);
        json.put(TOTAL, total);
        json.put(RATE, ratePerMinute(now));
        json.put(SECONDS_LEFT, secondsLeft(now));
        json.put(STARTED_BY, startedBy);
        json.put(STARTED_AT, startedAt == null ? null : startedAt.toString());
        json.put(FINISHED_AT, finishedAt == null ? null : finishedAt.toString());
        return json;
    }

    /** Reads the common fields back (a client, a test); the derived rate and time left are not read. */
    public static JobProgress fromJson(Map<String, ?> json) {
        return new JobProgress(
                number(json.get(DONE)),
                number(json.get(TOTAL)),
                JobState.of(text(json.get(STATE))),
                text(json.get(STARTED_BY)),
                instant(json.get(STARTED_AT)),
                instant(json.get(FINISHED_AT)));
    }

    private static int number(Object value) {
        return value instanceof Number n ? n.intValue() : value == null ? 0 : Integer.parseInt(value.toString());
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Instant instant(Object value) {
        return value == null ? null : Instant.parse(value.toString());
    }
}
