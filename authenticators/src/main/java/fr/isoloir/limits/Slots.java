package fr.isoloir.limits;

import org.keycloak.models.SingleUseObjectProvider;

import java.time.Duration;
import java.util.Optional;

/**
 * A budget of N uses per sliding window, counted in {@code singleUseObjects()} so that it holds across
 * restarted logins and a cluster. The store has no atomic increment, so a budget of N is N slots:
 * taking a slot is an atomic {@code putIfAbsent}, and each slot frees itself when its window has passed.
 */
public final class Slots {

    private Slots() {}

    /**
     * Takes one of the {@code slots} slots named {@code key}, each living {@code lifespan}.
     *
     * @return the key of the slot taken (to give it back with {@code store.remove}), or empty when all are taken
     */
    public static Optional<String> take(SingleUseObjectProvider store, String key, int slots, Duration lifespan) {
        for (int slot = 0; slot < slots; slot++) {
            String slotKey = key + "." + slot;
            if (store.putIfAbsent(slotKey, lifespan.toSeconds())) {
                return Optional.of(slotKey);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the last of the {@code slots} slots named {@code key} is taken. Slots are taken lowest first,
     * so this says "all taken" unless a lower slot was given back since (then one more use would be allowed).
     */
    public static boolean lastTaken(SingleUseObjectProvider store, String key, int slots) {
        return store.contains(key + "." + (slots - 1));
    }
}
