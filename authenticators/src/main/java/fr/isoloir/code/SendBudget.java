package fr.isoloir.code;

import fr.isoloir.limits.Slots;
import org.keycloak.models.SingleUseObjectProvider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How many codes one identifier may receive (SEC-B8), counted in {@code singleUseObjects()} so that the
 * count survives restarted logins and holds across a cluster. Counted per (identifier, client network)
 * under a higher daily cap per identifier: logins from one network spend that network's budget only, so
 * someone holding an identifier can no longer leave its voter without codes (nor send it more than the
 * network's share of unsolicited messages). The store has no atomic increment: a budget of N is N
 * {@link Slots}.
 */
final class SendBudget {

    static final Duration SHORT_WINDOW = Duration.ofMinutes(15);
    static final Duration DAY = Duration.ofDays(1);
    private static final String PREFIX = "isoloir.codeSends.";

    /** Which budget refused a send. */
    enum Refusal {
        SHORT_WINDOW,
        DAY,
        IDENTIFIER_DAY;

        /** As in events' {@code reason}. */
        String reason() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private SendBudget() {}

    /** Takes one send from every budget, or none and says which one is spent. */
    static Optional<Refusal> take(
            SingleUseObjectProvider store,
            String realmId,
            String identifier,
            String network,
            ConnectionCodeConfig config) {
        String voter = PREFIX + realmId + "." + identifier;
        String onNetwork = voter + ".net." + network;
        List<String> taken = new ArrayList<>();
        for (Budget budget : List.of(
                new Budget(onNetwork + ".15m", config.sendsPer15Minutes(), SHORT_WINDOW, Refusal.SHORT_WINDOW),
                new Budget(onNetwork + ".day", config.sendsPerDay(), DAY, Refusal.DAY),
                new Budget(voter + ".day", config.sendsPerDayPerIdentifier(), DAY, Refusal.IDENTIFIER_DAY))) {
            Optional<String> slot = Slots.take(store, budget.key(), budget.slots(), budget.lifespan());
            if (slot.isEmpty()) {
                taken.forEach(store::remove);
                return Optional.of(budget.refusal());
            }
            taken.add(slot.get());
        }
        return Optional.empty();
    }

    private record Budget(String key, int slots, Duration lifespan, Refusal refusal) {}
}
