package fr.isoloir.sms;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import fr.isoloir.phone.PhoneNumbers;
import fr.isoloir.sms.SmsException.Reason;
import org.jboss.logging.Logger;

import java.util.Objects;

/**
 * Sends through Twilio's Messages API with the factory's shared client. Stateless: one instance serves
 * all sessions. Logs carry the masked number, the Twilio message SID and error codes; never the text.
 */
final class TwilioSmsSender implements SmsSender {

    private static final Logger LOG = Logger.getLogger(TwilioSmsSender.class);

    private final TwilioConfig config;
    private final TwilioRestClient client;

    /** {@code client} is null when the provider is not configured. */
    TwilioSmsSender(TwilioConfig config, TwilioRestClient client) {
        this.config = config;
        this.client = client;
    }

    @Override
    public void send(String e164PhoneNumber, String text) throws SmsException {
        Objects.requireNonNull(e164PhoneNumber, "e164PhoneNumber");
        Objects.requireNonNull(text, "text");
        if (client == null) {
            throw new SmsException(Reason.NOT_CONFIGURED);
        }
        String to = PhoneNumbers.mask(e164PhoneNumber);
        try {
            Message message = creator(e164PhoneNumber, text).create(client);
            LOG.infof("SMS to %s accepted by Twilio, message %s", to, message.getSid());
        } catch (ApiConnectionException e) {
            LOG.warnf("SMS to %s not sent: Twilio unreachable or too slow (%s)", to, e.getMessage());
            throw new SmsException(Reason.TIMEOUT, e.getCause());
        } catch (ApiException e) {
            Reason reason = reasonFor(e.getStatusCode());
            LOG.warnf(
                    "SMS to %s not sent: %s (HTTP %s%s)%s",
                    to,
                    reason.code(),
                    e.getStatusCode(),
                    e.getCode() == null ? "" : ", Twilio error " + e.getCode(),
                    isCredentialProblem(e.getStatusCode()) ? ": check the Twilio account SID and credentials" : "");
            throw new SmsException(
                    reason, "HTTP " + e.getStatusCode() + (e.getCode() == null ? "" : ", Twilio " + e.getCode()), null);
        } catch (RuntimeException e) {
            // E.g. an unreadable success body. The exception text is not logged: it could quote the request.
            LOG.warnf("SMS to %s not sent: unexpected %s", to, e.getClass().getName());
            throw new SmsException(Reason.PROVIDER_ERROR);
        }
    }

    private MessageCreator creator(String to, String text) {
        if (config.messagingServiceSid() == null) {
            return Message.creator(new PhoneNumber(to), new PhoneNumber(config.from()), text);
        }
        MessageCreator creator = Message.creator(new PhoneNumber(to), config.messagingServiceSid(), text);
        // With both, Twilio sends from this sender of the messaging service.
        return config.from() == null ? creator : creator.setFrom(config.from());
    }

    private static boolean isCredentialProblem(Integer httpStatus) {
        return httpStatus != null && (httpStatus == 401 || httpStatus == 403);
    }

    static Reason reasonFor(Integer httpStatus) {
        if (httpStatus == null) {
            return Reason.PROVIDER_ERROR;
        }
        if (httpStatus == 429) {
            return Reason.RATE_LIMITED;
        }
        return httpStatus >= 400 && httpStatus < 500 ? Reason.REJECTED : Reason.PROVIDER_ERROR;
    }
}
