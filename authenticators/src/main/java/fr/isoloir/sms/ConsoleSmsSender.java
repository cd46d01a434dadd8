package fr.isoloir.sms;

import org.jboss.logging.Logger;

/**
 * Development only: "sends" an SMS by writing it, code included, to the server log at INFO, so that whoever
 * runs the demo can read the codes. {@link ConsoleSmsSenderFactory} keeps it out of production.
 */
final class ConsoleSmsSender implements SmsSender {

    static final String MARKER = "[ISOLOIR DEV SMS]";

    private static final Logger LOG = Logger.getLogger(ConsoleSmsSender.class);

    @Override
    public void send(String e164PhoneNumber, String text) {
        String nl = System.lineSeparator();
        LOG.info(MARKER + " to=" + e164PhoneNumber + nl + text + nl + MARKER + " end");
    }
}
