package fr.isoloir.delivery;

import fr.isoloir.voter.DeliveryChannel;

/**
 * A message rendered in the request (theme, voter's locale) and ready to send from a background
 * thread, where no request context exists. Its text may carry a one-time code: it is never logged,
 * and toString() leaves it out.
 */
public record OutgoingMessage(DeliveryChannel channel, String address, String subject, String text, String html) {

    public static OutgoingMessage sms(String e164, String text) {
        return new OutgoingMessage(DeliveryChannel.SMS, e164, null, text, null);
    }

    public static OutgoingMessage email(String address, String subject, String text, String html) {
        return new OutgoingMessage(DeliveryChannel.EMAIL, address, subject, text, html);
    }

    @Override
    public String toString() {
        return "OutgoingMessage[" + channel.attributeValue() + " to " + DeliveryLog.mask(channel, address) + "]";
    }
}
