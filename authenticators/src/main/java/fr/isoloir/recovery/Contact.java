package fr.isoloir.recovery;

import fr.isoloir.delivery.DeliveryLog;
import fr.isoloir.phone.PhoneNumbers;
import fr.isoloir.voter.DeliveryChannel;
import org.keycloak.utils.EmailValidationUtil;

import java.util.Locale;
import java.util.Optional;

/**
 * An email address or mobile number as typed, in the form voters are stored and looked up with:
 * emails trimmed and lower-cased (Keycloak stores them lower-cased), phone numbers in E.164 whatever
 * the French writing (0612345678, 06 12 34 56 78, +33 6 12 34 56 78, 0033 6 12 34 56 78).
 */
public record Contact(DeliveryChannel channel, String address) {

    /** Longest contact looked at (an email address is at most 254 characters). */
    public static final int MAX_LENGTH = 254;

    public static Optional<Contact> parse(String typed, String defaultRegion) {
        if (typed == null || typed.isBlank() || typed.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String trimmed = typed.strip();
        if (trimmed.contains("@")) {
            String email = trimmed.toLowerCase(Locale.ROOT);
            return EmailValidationUtil.isValidEmail(email) ? Optional.of(email(email)) : Optional.empty();
        }
        return PhoneNumbers.toE164(trimmed, defaultRegion).map(Contact::sms);
    }

    public static Contact email(String address) {
        return new Contact(DeliveryChannel.EMAIL, address);
    }

    public static Contact sms(String e164) {
        return new Contact(DeliveryChannel.SMS, e164);
    }

    /** Safe in events and logs. */
    public String masked() {
        return DeliveryLog.mask(channel, address);
    }

    @Override
    public String toString() {
        return "Contact[" + channel.attributeValue() + " " + masked() + "]";
    }
}
