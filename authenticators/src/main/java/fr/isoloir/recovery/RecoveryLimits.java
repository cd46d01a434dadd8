package fr.isoloir.recovery;

import fr.isoloir.limits.ClientNetwork;
import fr.isoloir.limits.Slots;
import org.keycloak.models.SingleUseObjectProvider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The lost-identifier limits (SEC-E4), in {@code singleUseObjects()} slots, shared by the cluster:
 * per client network ({@link ClientNetwork}: an IPv6 /64 counts once), per contact as normalised
 * ({@link Contact}), per voter (user id: however the voter's contacts are typed, and whichever of them),
 * and the realm's SMS budget. Contacts, networks and user ids are hashed into the keys: the store never
 * holds an address in clear.
 */
final class RecoveryLimits {

    static final Duration HOUR = Duration.ofHours(1);
    static final Duration DAY = Duration.ofDays(1);
    private static final String PREFIX = "isoloir.lost.";

    /** Which limit refused a request; its name is the event's reason. */
    enum Refusal {
        NETWORK_HOURLY_LIMIT,
        CONTACT_HOURLY_LIMIT,
        CONTACT_DAILY_LIMIT,
        VOTER_DAILY_LIMIT;

        String reason() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private RecoveryLimits() {}

    /**
     * Counts one request from this client address for this contact, or none and says which limit is reached.
     *
     * @param remoteAddress the client's address as Keycloak gives it; counted by its network
     */
    static Optional<Refusal> take(
            SingleUseObjectProvider store,
            String realmId,
            String remoteAddress,
            Contact contact,
            LostIdentifierConfig config) {
        Optional<String> networkSlot = Slots.take(
                store, key(realmId, "network", ClientNetwork.of(remoteAddress)), config.perIpPerHour(), HOUR);
        if (networkSlot.isEmpty()) {
            return Optional.of(Refusal.NETWORK_HOURLY_LIMIT);
        }
        String contactKey = key(realmId, "contact", contact.address());
        Optional<String> hourSlot = Slots.take(store, contactKey + ".hour", config.perContactPerHour(), HOUR);
        if (hourSlot.isEmpty()) {
            return Optional.of(Refusal.CONTACT_HOURLY_LIMIT);
        }
        if (Slots.take(store, contactKey + ".day", config.perContactPerDay(), DAY)
                .isEmpty()) {
            store.remove(hourSlot.get());
            return Optional.of(Refusal.CONTACT_DAILY_LIMIT);
        }
        return Optional.empty();
    }

    /**
     * Counts one message to this voter (user id) against {@link Refusal#VOTER_DAILY_LIMIT}.
     *
     * @return the slot taken (to give back with {@code store.remove} if nothing is sent), or empty at the cap
     */
    static Optional<String> takeForVoter(
            SingleUseObjectProvider store, String realmId, String userId, LostIdentifierConfig config) {
        return Slots.take(store, key(realmId, "voter", userId), config.perVoterPerDay(), DAY);
    }
    /** Takes one SMS from the realm's daily budget. */
    static boolean takeSms(SingleUseObjectProvider store, String realmId, LostIdentifierConfig config) {
        return Slots.take(store, PREFIX + "sms." + realmId, config.smsPerDay(), DAY)
                .isPresent();
    }

    private static String key(String realmId, String kind, String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest((realmId + "|" + value).getBytes(StandardCharsets.UTF_8));
            return PREFIX + kind + "." + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
