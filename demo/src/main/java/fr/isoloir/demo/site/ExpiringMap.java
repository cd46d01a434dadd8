package fr.isoloir.demo.site;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A small in-memory map whose entries expire after a fixed time and whose size is capped (the oldest
 * entries go first). Good enough for the demo's pending logins and sessions; not for a real site.
 */
final class ExpiringMap<V> {

    private record Entry<V>(V value, Instant expiresAt) {}

    private final Map<String, Entry<V>> entries = new LinkedHashMap<>();
    private final Duration timeToLive;
    private final int capacity;
    private final Clock clock;

    ExpiringMap(Duration timeToLive, int capacity, Clock clock) {
        if (timeToLive.isNegative() || timeToLive.isZero() || capacity < 1) {
            throw new IllegalArgumentException("time to live and capacity must be positive");
        }
        this.timeToLive = timeToLive;
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock);
    }

    synchronized void put(String key, V value) {
        Instant now = clock.instant();
        removeExpired(now);
        entries.remove(key); // re-inserted last, in expiry order
        entries.put(key, new Entry<>(value, now.plus(timeToLive)));
        Iterator<String> oldestFirst = entries.keySet().iterator();
        while (entries.size() > capacity) {
            oldestFirst.next();
            oldestFirst.remove();
        }
    }

    /** The value, or null when absent or expired. */
    synchronized V get(String key) {
        Entry<V> entry = key == null ? null : entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            entries.remove(key);
            return null;
        }
        return entry.value();
    }

    /** Removes and returns the value (null when absent or expired): for one-time values. */
    synchronized V take(String key) {
        V value = get(key);
        if (value != null) {
            entries.remove(key);
        }
        return value;
    }

    /** Removes every entry whose value matches. */
    synchronized void removeIf(java.util.function.Predicate<V> matches) {
        entries.values().removeIf(entry -> matches.test(entry.value()));
    }

    synchronized int size() {
        removeExpired(clock.instant());
        return entries.size();
    }

    private void removeExpired(Instant now) {
        entries.values().removeIf(entry -> !now.isBefore(entry.expiresAt()));
    }
}
