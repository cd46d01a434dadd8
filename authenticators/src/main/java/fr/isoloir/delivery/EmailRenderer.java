package fr.isoloir.delivery;

import org.keycloak.email.EmailException;
import org.keycloak.email.freemarker.FreeMarkerEmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders an email with the realm's email theme and the voter's locale, exactly as Keycloak's
 * {@code EmailTemplateProvider} does, but hands the result back instead of sending it, so that the
 * SMTP exchange can happen off the request thread. Created per use; not shared.
 */
final class EmailRenderer extends FreeMarkerEmailTemplateProvider {

    private OutgoingMessage rendered;

    EmailRenderer(KeycloakSession session) {
        super(session);
    }

    OutgoingMessage render(
            RealmModel realm,
            UserModel user,
            String address,
            String subjectKey,
            List<Object> subjectParameters,
            String template,
            Map<String, Object> attributes)
            throws EmailException {
        setRealm(realm);
        setUser(user);
        send(subjectKey, subjectParameters, template, new HashMap<>(attributes), address);
        return rendered;
    }

    @Override
    protected void send(Map<String, String> config, String subject, String textBody, String htmlBody, String address) {
        rendered = OutgoingMessage.email(address, subject, textBody, htmlBody);
    }
}
