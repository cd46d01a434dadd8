package fr.isoloir.testsupport;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The SMTP server's inbox, read the way a voter reads their email. */
public final class Mailbox {

    private static final Pattern CODE = Pattern.compile("(?m)^\\s*(\\d{6,10})\\s*$");
    private final GreenMail smtp;

    Mailbox(GreenMail smtp) {
        this.smtp = smtp;
    }

    /** How many messages the SMTP server has received so far, for any address. */
    public int count() {
        return smtp.getReceivedMessages().length;
    }

    /** Every message received so far by this address, oldest first. */
    public List<MimeMessage> messagesTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> isTo(m, address))
                .toList();
    }

    /** Waits (bounded) until {@code count} messages have reached this address, and returns the last. */
    public MimeMessage awaitMessage(String address, int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            List<MimeMessage> messages = messagesTo(address);
            if (messages.size() >= count) {
                return messages.get(count - 1);
            }
            smtp.waitForIncomingEmail(200, smtp.getReceivedMessages().length + 1);
        }
        throw new AssertionError("No message #" + count + " for " + address + " within 20 s");
    }

    /** The connection code of the {@code count}-th message to this address, as the voter reads it. */
    public String awaitCode(String address, int count) {
        String text = plainText(awaitMessage(address, count));
        Matcher matcher = CODE.matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("No code in the email:\n" + text);
        }
        return matcher.group(1);
    }

    public static String plainText(MimeMessage message) {
        return GreenMailUtil.getBody(message).contains("Content-Type: text/plain")
                ? textPart(message)
                : GreenMailUtil.getBody(message);
    }

    private static String textPart(MimeMessage message) {
        try {
            Object content = message.getContent();
            if (content instanceof jakarta.mail.Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    var part = multipart.getBodyPart(i);
                    if (part.isMimeType("text/plain")) {
                        return part.getContent().toString();
                    }
                    if (part.getContent() instanceof jakarta.mail.Multipart nested) {
                        for (int j = 0; j < nested.getCount(); j++) {
                            if (nested.getBodyPart(j).isMimeType("text/plain")) {
                                return nested.getBodyPart(j).getContent().toString();
                            }
                        }
                    }
                }
            }
            return content.toString();
        } catch (Exception e) {
            throw new AssertionError("Unreadable email", e);
        }
    }

    private static boolean isTo(MimeMessage message, String address) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> a.toString().contains(address));
        } catch (Exception e) {
            return false;
        }
    }
}
