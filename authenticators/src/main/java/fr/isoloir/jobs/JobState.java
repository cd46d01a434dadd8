package fr.isoloir.jobs;

import java.util.Locale;

/** Where a job stands, as every job's REST answer names it. */
public enum JobState {
    RUNNING,
    PAUSED,
    FINISHED,
    CANCELLED,
    FAILED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state named {@code value}, or null. */
    public static JobState of(String value) {
        for (JobState state : values()) {
            if (state.value().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return state;
            }
        }
        return null;
    }

    /** Finished, cancelled or failed: nothing more will happen. */
    public boolean ended() {
        return this == FINISHED || this == CANCELLED || this == FAILED;
    }
}
