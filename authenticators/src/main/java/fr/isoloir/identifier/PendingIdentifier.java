package fr.isoloir.identifier;

import fr.isoloir.RealmSecret;
import fr.isoloir.voter.VoterQueries;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import javax.crypto.SecretKey;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The identifier "Identifiant oublié" sends: it waits beside the voter's current identifier, which keeps
 * working, and replaces it at its first use on the identifier step. So a request, whoever makes it,
 * never takes access away; only the holder of the message can switch identifiers.
 *
 * <ul>
 *   <li>The voter record keeps only a keyed hash of it, in the admin-only, server-written user-profile
 *       attribute {@value #ATTRIBUTE}: an admin reading the record cannot log in with it, and a typed
 *       identifier is looked up by hashing it (Keycloak's (name, value) attribute index).</li>
 *   <li>It is derived, not drawn: HMAC of the voter's id and current identifier under the realm's active
 *       HMAC key. Repeated or concurrent requests thus send the same pending identifier (every message
 *       in the voter's mailbox works) without keeping it anywhere readable, and the next one differs as
 *       soon as the current identifier changes (promotion, manager's resend).</li>
 *   <li>Rotating the realm's HMAC key forgets pending identifiers: the current ones still work, and the
 *       next request sends another.</li>
 * </ul>
 * Stateless.
 */
public final class PendingIdentifier {

    /** User-profile attribute (admin view, no edit): the keyed hash of the pending identifier. */
    public static final String ATTRIBUTE = "pendingIdentifier";
    /** Derived candidates tried when one collides with a used identifier (about 2^-54 each). */
    private static final int CANDIDATES = 5;

    private static final String MAC = "HmacSHA256";

    private PendingIdentifier() {}

    /**
     * The voter's pending identifier, recorded on the voter: the one already pending if any, else the
     * first derived candidate unused as an identifier and as a pending one.
     */
    public static VoterIdentifier offer(KeycloakSession session, RealmModel realm, UserModel user) {
        Offer offer = choose(session, realm, user);
        offer.recordOn(user);
        return offer.identifier();
    }

    /**
     * A pending identifier chosen for a voter, and the keyed hash to record for it (empty when it is
     * recorded already). Recording can wait: the identifier is found only once it is recorded, and only
     * the message carrying it tells it, so the write may happen just before that message goes out.
     */
    public record Offer(VoterIdentifier identifier, Optional<String> hashToRecord) {

        /** Records the hash on this voter (nothing when it is there already). */
        public void recordOn(UserModel user) {
            hashToRecord.ifPresent(hash -> user.setSingleAttribute(ATTRIBUTE, hash));
        }
    }

    /** As {@link #offer}, without writing: the caller records the {@link Offer} before sending it. */
    public static Offer choose(KeycloakSession session, RealmModel realm, UserModel user) {
        SecretKey key = RealmSecret.active(session, realm)
                .orElseThrow(() -> new IllegalStateException("realm has no HS512 key"));
        String stored = user.getFirstAttribute(ATTRIBUTE);
        String seed = realm.getId() + "|" + user.getId() + "|" + user.getUsername();
        var candidates = IntStream.range(0, CANDIDATES)
                .mapToObj(i -> derive(key, seed, i))
                .toList();
        Optional<VoterIdentifier> pending = candidates.stream()
                .filter(c -> lookupHash(key, c).equals(stored))
                .findFirst();
        if (pending.isPresent()) {
            return new Offer(pending.get(), Optional.empty());
        }
        for (VoterIdentifier candidate : candidates) {
            if (isUnused(session, realm, candidate)) {
                return new Offer(candidate, Optional.of(lookupHash(key, candidate)));
            }
        }
        throw new IllegalStateException("No unused pending identifier after " + CANDIDATES + " candidates");
    }

    /**
     * The enabled voter whose pending identifier {@code typed} is, if any. Asked at every identifier post,
     * known or not (SEC-G1), so it is one indexed query on the realm's own users ((NAME, VALUE) index of
     * USER_ATTRIBUTE): Keycloak's attribute search also queries the federated users' attributes, which no
     * voter has (voters are the realm's own users, and only this class writes the attribute). The holder,
     * rarely found, is then read through Keycloak's user cache, so that promoting them invalidates it.
     */
    static Optional<UserModel> holderOf(KeycloakSession session, RealmModel realm, VoterIdentifier typed) {
        return holderOf(session, realm, typed, hash -> localHolderIds(session, realm, hash));
    }

    /** As above, with the ids of the realm's own users whose attribute holds a hash found by {@code idsByHash}. */
    static Optional<UserModel> holderOf(
            KeycloakSession session,
            RealmModel realm,
            VoterIdentifier typed,
            Function<String, List<String>> idsByHash) {
        return RealmSecret.active(session, realm)
                .flatMap(key -> idsByHash.apply(lookupHash(key, typed)).stream()
                        .map(id -> session.users().getUserById(realm, id))
                        .filter(user -> user != null && user.isEnabled())
                        .findFirst());
    }

    private static List<String> localHolderIds(KeycloakSession session, RealmModel realm, String hash) {
        return VoterQueries.entityManager(session)
                .createQuery(
                        "select a.user.id from UserAttributeEntity a"
                                + " where a.name = :name and a.value = :value and a.user.realmId = :realmId",
                        String.class)
                .setParameter("name", ATTRIBUTE)
                .setParameter("value", hash)
                .setParameter("realmId", realm.getId())
                .getResultList();
    }

    /** Makes the pending identifier the voter's identifier: the old one stops here. */
    static void promote(UserModel user, VoterIdentifier pending) {
        user.setUsername(pending.username());
        user.removeAttribute(ATTRIBUTE);
    }

    /** Forgets the voter's pending identifier (the manager gave another one). */
    public static void clear(UserModel user) {
        user.removeAttribute(ATTRIBUTE);
    }

    /** Neither a voter's identifier nor anyone's pending identifier. */
    public static boolean isUnused(KeycloakSession session, RealmModel realm, VoterIdentifier candidate) {
        if (session.users().getUserByUsername(realm, candidate.username()) != null) {
            return false;
        }
        return RealmSecret.active(session, realm)
                .map(key -> session.users()
                        .searchForUserByUserAttributeStream(realm, ATTRIBUTE, lookupHash(key, candidate))
                        .findAny()
                        .isEmpty())
                .orElse(true);
    }

    /** The {@code attempt}-th identifier derived from {@code seed}: HMAC bytes mapped to symbols without bias. */
    static VoterIdentifier derive(SecretKey key, String seed, int attempt) {
        StringBuilder symbols = new StringBuilder(VoterIdentifier.RANDOM_SYMBOLS);
        for (int block = 0; symbols.length() < VoterIdentifier.RANDOM_SYMBOLS; block++) {
            for (byte b : RealmSecret.hmac(key, "pending|" + seed + "|" + attempt + "|" + block)) {
                int value = b & 0xff;
                // 248 = 8 × 31: keeping only bytes below it makes each symbol equally likely.
                if (value < 248 && symbols.length() < VoterIdentifier.RANDOM_SYMBOLS) {
                    symbols.append(UnambiguousAlphabet.symbol(value % UnambiguousAlphabet.SIZE));
                }
            }
        }
        return VoterIdentifier.of(symbols.toString());
    }

    /** What the voter record keeps: hex HMAC of the identifier, in another domain than the derivation. */
    static String lookupHash(SecretKey key, VoterIdentifier identifier) {
        return HexFormat.of().formatHex(RealmSecret.hmac(key, "lookup|" + identifier.username()));
    }
}
