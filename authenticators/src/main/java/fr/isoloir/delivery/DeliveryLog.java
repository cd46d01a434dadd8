package fr.isoloir.delivery;

import fr.isoloir.phone.PhoneNumbers;
import fr.isoloir.voter.DeliveryChannel;

/** How addresses appear in logs and events: masked, so that logs do not become a voter list. */
public final class DeliveryLog {

    private DeliveryLog() {}

    public static String mask(DeliveryChannel channel, String address) {
        if (address == null) {
            return "-";
        }
        return channel == DeliveryChannel.SMS ? PhoneNumbers.mask(address) : maskEmail(address);
    }

    /** {@code camille.martin@example.org} becomes {@code c•••@example.org}. */
    public static String maskEmail(String email) {
        int at = email.lastIndexOf('@');
        if (at <= 0) {
            return "•••";
        }
        return email.charAt(0) + "•••" + email.substring(at);
    }
}
