package fr.isoloir.voter;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Optional;

/**
 * A voter as the login flow sees a Keycloak user: the username is the canonical identifier; the
 * other attributes come from provisioning and are declared in the realm's user profile.
 */
public record Voter(UserModel user) {

    /** E.164 mobile number. */
    public static final String PHONE = "phoneNumber";
    /** email | sms | postal: how the identifier was delivered. */
    public static final String CHANNEL = "deliveryChannel";

    public static final String EMPLOYEE_NUMBER = "employeeNumber";

    public Optional<String> email() {
        return Optional.ofNullable(user.getEmail()).filter(e -> !e.isBlank());
    }

    public Optional<String> phone() {
        return Optional.ofNullable(user.getFirstAttribute(PHONE)).filter(p -> !p.isBlank());
    }

    /** The provisioned channel; without one, email when there is an address, SMS when a phone, else postal. */
    public DeliveryChannel channel() {
        return DeliveryChannel.fromAttribute(user.getFirstAttribute(CHANNEL))
                .orElseGet(() -> email().isPresent()
                        ? DeliveryChannel.EMAIL
                        : phone().isPresent() ? DeliveryChannel.SMS : DeliveryChannel.POSTAL);
    }

    /**
     * Whether the voter holds a passphrase they set in the login flow ({@link PassphraseSeal}): a password
     * set any other way counts as none, so the voter needs a connection code again.
     */
    public boolean hasPassphrase(KeycloakSession session, RealmModel realm) {
        return PassphraseSeal.of(session, realm, user) == PassphraseSeal.State.SEALED;
    }

    /**
     * Where the connection code goes: the voter's channel, or with {@code separateChannels} (SEC-A1)
     * the other electronic channel when the voter has both. Empty for postal voters (the code is on the
     * letter) and for voters whose channel has no address.
     */
    public Optional<DeliveryChannel> codeChannel(boolean separateChannels) {
        DeliveryChannel channel = channel();
        if (channel == DeliveryChannel.POSTAL) {
            return Optional.empty();
        }
        if (separateChannels && email().isPresent() && phone().isPresent()) {
            return Optional.of(channel == DeliveryChannel.EMAIL ? DeliveryChannel.SMS : DeliveryChannel.EMAIL);
        }
        return channel == DeliveryChannel.EMAIL
                ? email().map(e -> DeliveryChannel.EMAIL)
                : phone().map(p -> DeliveryChannel.SMS);
    }
}
