package fr.isoloir.accesschange;

import fr.isoloir.accesschange.AccessChange.By;
import fr.isoloir.accesschange.AccessChange.What;
import fr.isoloir.voter.DeliveryChannel;
import fr.isoloir.voter.Voter;
import org.keycloak.models.UserModel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A voter's contacts and channel at one moment, raw (never logged: {@link #toString} masks), to tell
 * what a change did and who must hear of it.
 *
 * @param email   the address, lower case, or null
 * @param phone   the E.164 mobile, or null
 * @param channel the {@value Voter#CHANNEL} attribute as stored, or null
 */
public record VoterContacts(String email, String phone, String channel) {

    public VoterContacts {
        email = blankToNull(email);
        phone = blankToNull(phone);
        channel = blankToNull(channel);
    }

    public static VoterContacts of(UserModel user) {
        return new VoterContacts(
                user.getEmail(), user.getFirstAttribute(Voter.PHONE), user.getFirstAttribute(Voter.CHANNEL));
    }

    /** The changes from this state to {@code after}, one per field that differs (emails compared in any case). */
    List<AccessChange> changesTo(VoterContacts after, String voterId, By by) {
        List<AccessChange> changes = new ArrayList<>();
        if (!Objects.equals(lower(email), lower(after.email))) {
            changes.add(AccessChange.of(voterId, What.EMAIL, email, after.email, by));
        }
        if (!Objects.equals(phone, after.phone)) {
            changes.add(AccessChange.of(voterId, What.PHONE, phone, after.phone, by));
        }
        if (!Objects.equals(lower(channel), lower(after.channel))) {
            changes.add(AccessChange.of(voterId, What.CHANNEL, channel, after.channel, by));
        }
        return changes;
    }

    /**
     * Who must be told of the change to {@code after}: each previous contact replaced or removed (the
     * person who may be losing access); when only the channel changed, the previous channel's contact.
     * Empty for a voter who had no contact (postal only).
     */
    Set<Recipient> previousContactsLosing(VoterContacts after) {
        Set<Recipient> to = new LinkedHashSet<>();
        if (email != null && !email.equalsIgnoreCase(Objects.toString(after.email, ""))) {
            to.add(new Recipient(DeliveryChannel.EMAIL, email));
        }
        if (phone != null && !phone.equals(after.phone)) {
            to.add(new Recipient(DeliveryChannel.SMS, phone));
        }
        if (to.isEmpty()) {
            DeliveryChannel previous = DeliveryChannel.fromAttribute(channel).orElse(DeliveryChannel.POSTAL);
            if (previous == DeliveryChannel.EMAIL && email != null) {
                to.add(new Recipient(DeliveryChannel.EMAIL, email));
            } else if (previous == DeliveryChannel.SMS && phone != null) {
                to.add(new Recipient(DeliveryChannel.SMS, phone));
            }
        }
        return to;
    }

    /** Every contact the voter has now: a credential change is told on all of them. */
    Set<Recipient> current() {
        Set<Recipient> to = new LinkedHashSet<>();
        if (email != null) {
            to.add(new Recipient(DeliveryChannel.EMAIL, email));
        }
        if (phone != null) {
            to.add(new Recipient(DeliveryChannel.SMS, phone));
        }
        return to;
    }

    /** Where a notice goes. */
    record Recipient(DeliveryChannel channel, String address) {
        String masked() {
            return channel == DeliveryChannel.EMAIL ? What.EMAIL.mask(address) : What.PHONE.mask(address);
        }

        @Override
        public String toString() {
            return masked();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "VoterContacts[" + What.EMAIL.mask(email) + ", " + What.PHONE.mask(phone) + ", " + channel + "]";
    }
}
