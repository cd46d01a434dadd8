package fr.isoloir.code;

import fr.isoloir.limits.Slots;
import org.keycloak.models.SingleUseObjectProvider;

import java.time.Duration;
import java.util.Optional;

/**
 * How many codes one identifier may receive (SEC-B8), counted in {@code singleUseObjects()} so that the
 * count survives restarted logins and holds across a cluster. The store has no atomic increment, so a
 * budget of N is N {@link Slots}.
 */
final class SendBudget {

    static final Duration SHORT_WINDOW = Duration.ofMinutes(15);
    static final Duration DAY = Duration.ofDays(1);
    private static final String PREFIX = "isoloir.codeSends.";

    /** Which window refused a send. */
    enum Refusal { SHORT_WINDOW, DAY }

    private SendBudget() {
    }

    /** Takes one send from both budgets, or none and says which one is spent. */
    static Optional<Refusal> take(SingleUseObjectProvider store, String identifier, ConnectionCodeConfig config) {
        Optional<String> shortSlot = takeSlot(store, identifier, "15m", config.sendsPer15Minutes(), SHORT_WINDOW);
        if (shortSlot.isEmpty()) {
            return Optional.of(Refusal.SHORT_WINDOW);
        }
        if (takeSlot(store, identifier, "day", config.sendsPerDay(), DAY).isEmpty()) {
            store.remove(shortSlot.get());
            return Optional.of(Refusal.DAY);
        }
        return Optional.empty();
    }

    private static Optional<String> takeSlot(SingleUseObjectProvider store, String identifier, String window,
                                             int slots, Duration lifespan) {
        return Slots.take(store, PREFIX + window + "." + identifier, slots, lifespan);
    }
}
