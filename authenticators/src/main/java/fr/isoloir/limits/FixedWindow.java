package fr.isoloir.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A limit of {@code max} uses per fixed window: windows start at whole multiples of {@code length} since
 * the epoch (UTC), and the window's index is part of the key. Unlike a sliding window, the end of a
 * refusal is then exact and the same on every node: the window's end.
 *
 * @param key    the name of what is counted, without the window (e.g. a voter's identifier and a network)
 * @param max    uses per window
 * @param length the window's length, whole seconds
 */
public record FixedWindow(String key, int max, Duration length) {

    /** Slots outlive their window by this much, so that a node whose clock lags still sees them. */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(1);

    public FixedWindow {
        Objects.requireNonNull(key, "key");
        if (max < 1 || length.toSeconds() < 1) {
            throw new IllegalArgumentException("a window allows at least one use and lasts at least a second");
        }
    }

    /** The key of the window {@code now} falls in. */
    public String keyAt(Instant now) {
        return key + "@" + Math.floorDiv(now.getEpochSecond(), length.toSeconds());
    }

    /** When the window {@code now} falls in ends: the first instant of the next one. */
    public Instant endAt(Instant now) {
        return Instant.ofEpochSecond(
                (Math.floorDiv(now.getEpochSecond(), length.toSeconds()) + 1) * length.toSeconds());
    }

    /** How long a slot taken at {@code now} must live: to the window's end, and the margin. */
    Duration lifespanAt(Instant now) {
        return Duration.between(now, endAt(now)).plus(CLOCK_MARGIN);
    }
}
