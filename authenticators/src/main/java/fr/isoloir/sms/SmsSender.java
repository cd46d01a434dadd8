package fr.isoloir.sms;

import org.keycloak.provider.Provider;

/**
 * Sends one text message. Get it with {@code session.getProvider(SmsSender.class)}: Keycloak returns the
 * configured provider (see {@link TwilioSmsSenderFactory#order()} for the default).
 *
 * <p>Implementations never log the text nor put it in an exception: it carries a one-time code.
 */
public interface SmsSender extends Provider {

    /**
     * Sends {@code text} to {@code e164PhoneNumber}, blocking for at most the provider's bounded timeouts.
     *
     * @param e164PhoneNumber the recipient, in E.164 form ({@code +33612345678})
     * @param text the message, which may contain a one-time code
     * @throws SmsException when the message was not accepted for delivery; its reason is safe to log
     */
    void send(String e164PhoneNumber, String text) throws SmsException;

    @Override
    default void close() {
        // Senders hold no per-session resources.
    }
}
