package fr.isoloir.limits;

import org.keycloak.models.SingleUseObjectProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How many secrets (sent codes, postal codes, passphrases) may be compared for one typed identifier, in
 * {@code singleUseObjects()} slots taken before comparing, so that concurrent requests and cluster nodes
 * can never compare more (SEC-B6, SEC-C4). Counted per (identifier, client network) under a higher cap per
 * identifier: one network can spend its own allowance only, never the voter's whole day, so someone who
 * holds an identifier cannot lock its voter out from everywhere. Keyed by the identifier typed, never by
 * user: an identifier that matches nobody is counted, and answered, exactly as a voter's (SEC-G1).
 *
 * <p>Fixed windows (the window's index is in the key) make "refused until" exact.
 */
public final class GuessingBudget {

    private static final String PREFIX = "isoloir.guesses.";
    private static final Duration QUARTER = Duration.ofMinutes(15);
    private static final Duration DAY = Duration.ofDays(1);

    /** Whose allowance is spent: the identifier's on this network, or the identifier's everywhere. */
    public enum Scope {
        PER_NETWORK,
        PER_IDENTIFIER;

        /** As in events' {@code reason}. */
        public String reason() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The allowances. Defaults: per (identifier, network) 10 per quarter hour and 30 per day; per identifier
     * 100 per day (SEC-B6: at most 100 failures per account); a network can never reach the identifier's cap.
     */
    public record Limits(int perNetworkPerQuarter, int perNetworkPerDay, int perIdentifierPerDay) {
        public static final Limits DEFAULTS = new Limits(10, 30, 100);

        public Limits {
            if (perNetworkPerQuarter < 1
                    || perNetworkPerDay < perNetworkPerQuarter
                    || perIdentifierPerDay < perNetworkPerDay) {
                throw new IllegalArgumentException("limits must grow from the quarter to the day to the identifier");
            }
        }
    }

    /** What a request got: slots to compare with, or a refusal until a given time. */
    public sealed interface Entry permits Granted, Refused {}

    /** One comparison allowed; a right answer may give the slots back. */
    public record Granted(List<String> slotKeys) implements Entry {
        public void giveBack(SingleUseObjectProvider store) {
            slotKeys.forEach(store::remove);
        }
    }

    /**
     * No comparison: the allowance of {@code scope} is spent until {@code until}.
     *
     * @param newLockout true for exactly one refused request per lockout (across nodes), to record it once
     */
    public record Refused(Scope scope, Instant until, boolean newLockout) implements Entry {}

    private GuessingBudget() {}

    /** Takes one comparison for {@code identifier} from {@code network}, or refuses it. */
    public static Entry take(
            SingleUseObjectProvider store,
            String realmId,
            String identifier,
            String network,
            Limits limits,
            Instant now) {
        List<Window> windows = windows(realmId, identifier, network, limits);
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            FixedWindow window = windows.get(i).window();
            Optional<String> slot = Slots.take(store, window.keyAt(now), window.max(), window.lifespanAt(now));
            if (slot.isEmpty()) {
                taken.forEach(store::remove);
                return refusal(store, windows.subList(i, windows.size()), now);
            }
            taken.add(slot.get());
        }
        return new Granted(List.copyOf(taken));
    }

    /**
     * The refusal by the first of {@code windows}; a longer window that is full too decides when it ends
     * (a voter told "15 minutes" would otherwise be refused again for the rest of the day).
     */
    private static Refused refusal(SingleUseObjectProvider store, List<Window> windows, Instant now) {
        Window binding = windows.get(0);
        for (Window later : windows.subList(1, windows.size())) {
            FixedWindow window = later.window();
            if (Slots.lastTaken(store, window.keyAt(now), window.max())
                    && window.endAt(now).isAfter(binding.window().endAt(now))) {
                binding = later;
            }
        }
        FixedWindow window = binding.window();
        boolean first = store.putIfAbsent(
                window.keyAt(now) + ".lockedOut", window.lifespanAt(now).toSeconds());
        return new Refused(binding.scope(), window.endAt(now), first);
    }

    private record Window(FixedWindow window, Scope scope) {}

    /** Cheapest first: a network over its allowance never reaches the identifier's slots. */
    private static List<Window> windows(String realmId, String identifier, String network, Limits limits) {
        String voter = PREFIX + realmId + "." + identifier;
        String onNetwork = voter + ".net." + network;
        return List.of(
                new Window(
                        new FixedWindow(onNetwork + ".quarter", limits.perNetworkPerQuarter(), QUARTER),
                        Scope.PER_NETWORK),
                new Window(new FixedWindow(onNetwork + ".day", limits.perNetworkPerDay(), DAY), Scope.PER_NETWORK),
                new Window(new FixedWindow(voter + ".day", limits.perIdentifierPerDay(), DAY), Scope.PER_IDENTIFIER));
    }
}
