package fr.isoloir.accesschange;

import fr.isoloir.delivery.DeliveryLog;
import fr.isoloir.phone.PhoneNumbers;

import java.util.Locale;

/**
 * One change of what lets a voter in (a contact, the channel, a credential), made by someone other
 * than the voter: the values are masked as in every event and log, so the trail is no voter list.
 *
 * @param voterId   the Keycloak user id
 * @param oldMasked the value before, masked ({@code -} when there was none)
 * @param newMasked the value after, masked ({@code -} when there is none)
 */
public record AccessChange(String voterId, What what, String oldMasked, String newMasked, By by) {

    /** What changed; the names are the user-profile attributes (or the credential). */
    public enum What {
        EMAIL("email"),
        PHONE("phoneNumber"),
        CHANNEL("deliveryChannel"),
        PASSPHRASE("passphrase"),
        POSTAL_CODE("postalCode"),
        /** The voter's account itself: removed (old {@code present}, new {@code removed}). */
        ACCOUNT("account");

        public final String value;

        What(String value) {
            this.value = value;
        }

        /** The value as it may appear in an event, a log or a notice. */
        String mask(String raw) {
            if (raw == null || raw.isBlank()) {
                return "-";
            }
            return switch (this) {
                case EMAIL -> DeliveryLog.maskEmail(raw);
                case PHONE -> PhoneNumbers.mask(raw);
                case CHANNEL -> raw.strip().toLowerCase(Locale.ROOT);
                // A credential never shows: only whether there is one.
                case PASSPHRASE, POSTAL_CODE, ACCOUNT -> raw;
            };
        }
    }

    /** Who or what made the change. */
    public enum By {
        IMPORT,
        CONSOLE,
        RESEND,
        RESET,
        CREDENTIAL_DELETED,
        /** A {@code DELETE users/{id}}. */
        DELETED;

        public String value() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A change between two raw values, masked here. */
    static AccessChange of(String voterId, What what, String before, String after, By by) {
        return new AccessChange(voterId, what, what.mask(before), what.mask(after), by);
    }
}
