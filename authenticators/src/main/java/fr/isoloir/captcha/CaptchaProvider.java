package fr.isoloir.captcha;

import java.util.Map;

/**
 * A captcha to copy that the lost-identifier page shows, kept server-side in authentication-session
 * notes; {@link AntiRobotCheck} pairs it with the proof-of-work. An operator could plug another
 * self-hosted provider behind this interface; only the built-in {@link DistortedTextCaptcha} exists.
 * Implementations are stateless and shared by all requests.
 */
public interface CaptchaProvider {

    /**
     * Issues a new challenge, replacing any earlier one: writes its state (answer hashed) into the notes
     * and returns what the page needs to render it.
     */
    Map<String, Object> issue(CaptchaNotes notes);

    /** Checks a typed answer and consumes the challenge whatever the outcome (single use). */
    Answer check(CaptchaNotes notes, String typed);

    /** What a typed answer turned out to be. */
    enum Answer {
        RIGHT,
        WRONG,
        EMPTY,
        NOT_ISSUED
    }
}
