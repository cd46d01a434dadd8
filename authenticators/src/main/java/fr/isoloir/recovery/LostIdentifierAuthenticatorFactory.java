package fr.isoloir.recovery;

import fr.isoloir.StepAuthenticatorFactory;
import fr.isoloir.captcha.AntiRobotCheck;
import fr.isoloir.captcha.DistortedTextCaptcha;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

/**
 * "Identifiant oublié ou perdu": bind it as the only step of the realm's reset-credentials flow
 * (Realm settings → Login → Forgot password on; Authentication → Reset credentials flow).
 */
public final class LostIdentifierAuthenticatorFactory extends StepAuthenticatorFactory {

    public static final String PROVIDER_ID = "isoloir-lost-identifier";

    public LostIdentifierAuthenticatorFactory() {
        super(
                PROVIDER_ID,
                new LostIdentifierAuthenticator(new AntiRobotCheck(new DistortedTextCaptcha())),
                "Isoloir: lost identifier (email or mobile + captcha + proof-of-work)",
                "Sends a new identifier to the email address or mobile number already on the voter's record, "
                        + "behind a self-hosted captcha, a proof-of-work and per-contact, per-IP and SMS limits. Use it as the "
                        + "reset-credentials flow. Always shows the same confirmation page.",
                null);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return LostIdentifierConfig.properties();
    }
}
