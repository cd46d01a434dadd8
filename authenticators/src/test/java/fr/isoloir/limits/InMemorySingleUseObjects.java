package fr.isoloir.limits;

import org.keycloak.models.SingleUseObjectProvider;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Keycloak's {@code singleUseObjects()} store in memory, for unit tests: atomic putIfAbsent, entries that
 * expire after their lifespan on the test's clock.
 */
public final class InMemorySingleUseObjects implements SingleUseObjectProvider {

    private record Entry(Map<String, String> value, Instant expiresAt) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Supplier<Instant> clock;

    public InMemorySingleUseObjects(Supplier<Instant> clock) {
        this.clock = clock;
    }

    private boolean live(Entry entry) {
        return entry != null && clock.get().isBefore(entry.expiresAt());
    }

    @Override
    public void put(String key, long lifespanSeconds, Map<String, String> value) {
        entries.put(key, new Entry(Map.copyOf(value), clock.get().plusSeconds(lifespanSeconds)));
    }

    @Override
    public Map<String, String> get(String key) {
        Entry entry = entries.get(key);
        return live(entry) ? entry.value() : null;
    }

    @Override
    public Map<String, String> remove(String key) {
        Entry entry = entries.remove(key);
        return live(entry) ? entry.value() : null;
    }

    @Override
    public boolean replace(String key, Map<String, String> value) {
        Entry entry = entries.get(key);
        return live(entry) && entries.replace(key, entry, new Entry(Map.copyOf(value), entry.expiresAt()));
    }

    @Override
    public boolean putIfAbsent(String key, long lifespanSeconds) {
        Entry fresh = new Entry(Map.of(), clock.get().plusSeconds(lifespanSeconds));
        Entry[] won = new Entry[1];
        entries.compute(key, (k, existing) -> {
            if (live(existing)) {
                return existing;
            }
            won[0] = fresh;
            return fresh;
        });
        return won[0] != null;
    }

    @Override
    public boolean contains(String key) {
        return live(entries.get(key));
    }

    @Override
    public void close() {}
}
