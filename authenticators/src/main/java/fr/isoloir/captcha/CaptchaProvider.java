package fr.isoloir.captcha;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A captcha the lost-identifier page shows, kept server-side in authentication-session notes. An
 * operator could plug another self-hosted provider behind this interface; only the built-in
 * {@link DistortedTextCaptcha} exists. Implementations are stateless and shared by all requests.
 */
public interface CaptchaProvider {

    /**
     * Issues a new challenge, replacing any earlier one: writes its state (answers hashed, issue time)
     * into the notes and returns what the page needs to render it.
     */
    Map<String, Object> issue(CaptchaNotes notes, Instant now);

    /**
     * Checks an answer and consumes the challenge whatever the outcome (single use): the caller issues a
     * new one before showing the page again.
     */
    Verdict verify(CaptchaNotes notes, String answer, Instant now, Duration validity);

    /** The outcome of a verification; each has its own page message. */
    enum Verdict {
        PASSED(null),
        EMPTY("isoloirCaptchaEmpty"),
        WRONG("isoloirCaptchaWrong"),
        /** No challenge in the session: already used (a resubmitted answer), or never issued. */
        USED("isoloirCaptchaUsed"),
        EXPIRED("isoloirCaptchaExpired");

        private final String messageKey;

        Verdict(String messageKey) {
            this.messageKey = messageKey;
        }

        public String messageKey() {
            return messageKey;
        }
    }
}
