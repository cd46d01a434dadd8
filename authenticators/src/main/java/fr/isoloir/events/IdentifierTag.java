package fr.isoloir.events;

import fr.isoloir.RealmSecret;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import javax.crypto.SecretKey;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How an identifier (a Keycloak username) appears in events and log lines: a short keyed hash,
 * {@code #} and 12 hex digits (48 bits of HMAC-SHA256 under the realm's HS512 key), so that whoever
 * reads them can tell that two events concern the same identifier without learning it, and cannot
 * recompute it without the realm's key. Typed forms of one identifier give one tag (case is folded, as
 * Keycloak folds usernames). A realm without an HS512 key gets the truncated form: the first two
 * characters and the length ({@code k7…12}). A value already in either form is left as it is, so that
 * masking twice changes nothing. The tag changes when the realm's HS512 key is rotated.
 */
public final class IdentifierTag {

    private static final int HEX_DIGITS = 12;
    private static final Pattern MASKED = Pattern.compile("#[0-9a-f]{" + HEX_DIGITS + "}|.{0,2}…\\d+");

    private IdentifierTag() {}

    /** The tag of {@code identifier} in {@code realm}; null stays null. */
    public static String of(KeycloakSession session, RealmModel realm, String identifier) {
        return of(realm == null ? Optional.empty() : RealmSecret.active(session, realm), identifier);
    }

    static String of(Optional<SecretKey> key, String identifier) {
        if (identifier == null || isMasked(identifier)) {
            return identifier;
        }
        String folded = identifier.toLowerCase(Locale.ROOT);
        return key.map(k -> "#"
                        + HexFormat.of()
                                .formatHex(RealmSecret.hmac(k, "event|" + folded))
                                .substring(0, HEX_DIGITS))
                .orElseGet(() -> folded.substring(0, Math.min(2, folded.length())) + "…" + folded.length());
    }

    public static boolean isMasked(String value) {
        return MASKED.matcher(value).matches();
    }
}
