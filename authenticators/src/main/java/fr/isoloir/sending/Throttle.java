package fr.isoloir.sending;

import java.time.Duration;
import java.time.Instant;

/**
 * How many messages a tick may send at a rate per minute. The fraction left over carries to the next
 * tick ({@code credit}), so 12 a minute with 2-second ticks sends one message every 5 seconds, not none.
 * Time spent with the job paused or the server stopped earns nothing beyond one tick: a restart never
 * fires a burst. Pure: the caller passes the clock's readings.
 */
record Throttle(int perMinute, Duration tick) {

    /** What a tick may send now, and the credit to keep if it sends all of them. */
    record Allowance(int messages, double available) {
        /** The credit to store once {@code sent} messages went out: at most one message's worth is kept. */
        double creditAfter(int sent) {
            return Math.max(0, Math.min(1.0, available - sent));
        }
    }

    Throttle {
        if (perMinute < 1) {
            throw new IllegalArgumentException("rate must be at least 1 a minute");
        }
    }

    /**
     * @param credit   the fraction kept by the previous tick (0 when none)
     * @param lastTick when the previous tick of this job ran, or null for the first one
     */
    Allowance allowance(double credit, Instant lastTick, Instant now) {
        Duration elapsed = lastTick == null ? tick : Duration.between(lastTick, now);
        if (elapsed.isNegative()) {
            elapsed = Duration.ZERO;
        }
        if (elapsed.compareTo(tick) > 0) {
            elapsed = tick;
        }
        double available = Math.max(0, credit) + perMinute * (elapsed.toMillis() / 60_000.0);
        return new Allowance((int) Math.floor(available + 1e-9), available);
    }
}
