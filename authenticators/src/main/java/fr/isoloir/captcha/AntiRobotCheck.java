package fr.isoloir.captcha;

import fr.isoloir.captcha.CaptchaProvider.Answer;
import fr.isoloir.captcha.ProofOfWork.Proof;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The lost-identifier page's check (SEC-E4, SEC-E7): a captcha to copy and a proof-of-work, issued
 * together and consumed together by the next post.
 *
 * <p>The rule: with a valid proof-of-work, the captcha may be left empty (the path of a voter who cannot
 * see the image: the browser solves the proof, nothing in the page gives an answer) or typed right;
 * without a proof (no JavaScript), only the right captcha passes. A typed captcha that is wrong is always
 * refused. So every request costs a script either reading the image or a proof-of-work, and every
 * voter, seeing or not, with JavaScript or not, has a way through (the page also names the election
 * manager).
 *
 * <p>State in authentication-session notes (the captcha's, the proof's and the issue time): replicated
 * per login, nothing shared between logins, no key; and the challenges already answered, in
 * {@link SpentChallenges}, so that posts racing on one login get one pass between them. Stateless.
 */
public final class AntiRobotCheck {

    static final String ISSUED_AT = "isoloir.check.issuedAt";
    /** Thread-safe, and holds no voter state: safe to share. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CaptchaProvider captcha;

    public AntiRobotCheck(CaptchaProvider captcha) {
        this.captcha = captcha;
    }

    /** Issues a new captcha and proof-of-work challenge, replacing any earlier ones; returns the page attributes. */
    public Map<String, Object> issue(CaptchaNotes notes, Instant now, int maxNumber) {
        Map<String, Object> page = new HashMap<>(captcha.issue(notes));
        page.putAll(ProofOfWork.issue(notes, maxNumber, RANDOM));
        notes.set(ISSUED_AT, Long.toString(now.toEpochMilli()));
        return page;
    }

    /**
     * Checks a post and consumes both challenges whatever the outcome (single use): the caller issues new
     * ones before showing the page again.
     */
    public Verdict verify(
            CaptchaNotes notes, SpentChallenges spent, String typed, String proof, Instant now, Duration validity) {
        String issuedAt = notes.get(ISSUED_AT);
        String challenge = notes.get(ProofOfWork.CHALLENGE);
        notes.remove(ISSUED_AT);
        Answer answer = captcha.check(notes, typed);
        Proof work = ProofOfWork.check(notes, proof);
        if (issuedAt == null || challenge == null || answer == Answer.NOT_ISSUED || !spent.spend(challenge, validity)) {
            return Verdict.USED;
        }
        if (isExpired(issuedAt, now, validity)) {
            return Verdict.EXPIRED;
        }
        if (answer != Answer.EMPTY) {
            return answer == Answer.RIGHT ? Verdict.PASSED : Verdict.CAPTCHA_WRONG;
        }
        return switch (work) {
            case VALID -> Verdict.PASSED;
            case MISSING -> Verdict.POW_MISSING;
            case INVALID -> Verdict.POW_INVALID;
        };
    }

    private static boolean isExpired(String issuedAt, Instant now, Duration validity) {
        try {
            return now.isAfter(Instant.ofEpochMilli(Long.parseLong(issuedAt)).plus(validity));
        } catch (NumberFormatException damaged) {
            return true;
        }
    }

    /** The outcome of a post, with the event's reason and the field message of a refusal. */
    public enum Verdict {
        PASSED(null, null),
        /** Nothing typed and no proof: no JavaScript, or posted before the automatic check ended. */
        POW_MISSING("pow_missing", "isoloirCaptchaEmpty"),
        /** Nothing typed and a proof that is not the answer to this login's current challenge. */
        POW_INVALID("pow_invalid", "isoloirPowInvalid"),
        CAPTCHA_WRONG("captcha_wrong", "isoloirCaptchaWrong"),
        /** No challenge in the session: already used (a resubmitted form), or never issued. */
        USED("used", "isoloirCaptchaUsed"),
        EXPIRED("expired", "isoloirCaptchaExpired");

        private final String reason;
        private final String messageKey;

        Verdict(String reason, String messageKey) {
            this.reason = reason;
            this.messageKey = messageKey;
        }

        /** The event's {@code reason} detail. */
        public String reason() {
            return reason;
        }

        public String messageKey() {
            return messageKey;
        }
    }
}
