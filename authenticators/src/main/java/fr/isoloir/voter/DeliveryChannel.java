package fr.isoloir.voter;

import java.util.Locale;
import java.util.Optional;

/** How a voter received the identifier, as set at provisioning (user attribute {@value Voter#CHANNEL}). */
public enum DeliveryChannel {
    EMAIL,
    SMS,
    POSTAL;

    public String attributeValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DeliveryChannel> fromAttribute(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (DeliveryChannel channel : values()) {
            if (channel.attributeValue().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }
}
