package fr.isoloir.email;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailSenderProvider;

import java.util.Map;

/**
 * Development only: writes each email (recipient, subject, text body) to the server log at INFO instead of
 * sending it, so the demo runs without a mail server. {@link ConsoleEmailSenderProviderFactory} keeps it out
 * of production.
 */
final class ConsoleEmailSenderProvider implements EmailSenderProvider {

    static final String MARKER = "[ISOLOIR DEV EMAIL]";

    private static final Logger LOG = Logger.getLogger(ConsoleEmailSenderProvider.class);

    @Override
    public void send(Map<String, String> config, String address, String subject, String textBody, String htmlBody) {
        String nl = System.lineSeparator();
        String body = textBody != null
                ? textBody
                : htmlBody != null
                        ? "(no text body; HTML body of " + htmlBody.length() + " characters not shown)"
                        : "(empty)";
        LOG.info(MARKER + " to=" + address + nl + "Subject: " + subject + nl + nl + body + nl + MARKER + " end");
    }

    @Override
    public void validate(Map<String, String> config) {
        // The realm's SMTP settings are ignored: nothing to validate.
    }

    @Override
    public void close() {
        // Nothing to release.
    }
}
