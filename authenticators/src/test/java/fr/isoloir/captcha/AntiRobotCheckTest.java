package fr.isoloir.captcha;

import fr.isoloir.captcha.AntiRobotCheck.Verdict;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AntiRobotCheckTest {

    private static final Duration VALIDITY = Duration.ofMinutes(10);
    private static final int MAX_NUMBER = 20_000;
    private static final String TEXT = "K7MQ2";
    private final DistortedTextCaptcha image = new DistortedTextCaptcha();
    /** The real captcha, with a text the test knows. */
    private final AntiRobotCheck check = new AntiRobotCheck(new CaptchaProvider() {
        @Override
        public Map<String, Object> issue(CaptchaNotes notes) {
            return image.issue(notes, TEXT);
        }

        @Override
        public Answer check(CaptchaNotes notes, String typed) {
            return image.check(notes, typed);
        }
    });

    private final CaptchaNotes notes = CaptchaNotes.inMemory();
    private final SpentChallenges spent = SpentChallenges.inMemory();
    private final Instant now = Instant.parse("2026-11-26T10:00:00Z");

    private Map<String, Object> issue() {
        return check.issue(notes, now, MAX_NUMBER);
    }

    /** Solves the page's proof-of-work as a script (or the theme's script) does. */
    private static String solve(Map<String, Object> page) {
        return challengeOf(page).solve().orElseThrow().payload();
    }

    private static ProofOfWorkChallenge challengeOf(Map<String, Object> page) {
        return new ProofOfWorkChallenge(
                (String) page.get(ProofOfWork.PAGE_ALGORITHM),
                (String) page.get(ProofOfWork.PAGE_CHALLENGE),
                (String) page.get(ProofOfWork.PAGE_SALT),
                (int) page.get(ProofOfWork.PAGE_MAX_NUMBER));
    }

    private Verdict post(String typed, String proof) {
        return check.verify(notes, spent, typed, proof, now.plusSeconds(5), VALIDITY);
    }

    @Nested
    class WithAValidProofOfWork {

        @Test
        void anEmptyCaptchaPasses() {
            String proof = solve(issue());
            assertThat(post("", proof)).isEqualTo(Verdict.PASSED);
        }

        @Test
        void theRightCaptchaPasses() {
            String proof = solve(issue());
            assertThat(post("k7mq2", proof)).isEqualTo(Verdict.PASSED);
        }

        @Test
        void aWrongCaptchaIsRefused() {
            String proof = solve(issue());
            assertThat(post("ZZZZZ", proof)).isEqualTo(Verdict.CAPTCHA_WRONG);
        }

        @Test
        void theProofIsSingleUse() {
            String proof = solve(issue());
            assertThat(post("", proof)).isEqualTo(Verdict.PASSED);
            issue(); // the page shown again has a new challenge
            assertThat(post("", proof)).as("replayed").isEqualTo(Verdict.POW_INVALID);
            assertThat(post("", proof)).as("nothing issued").isEqualTo(Verdict.USED);
        }

        /** Two posts racing on one login both read the notes before either removes them: one pass between them. */
        @Test
        void postsThatReadTheSameChallengeGetOnePassBetweenThem() {
            Map<String, Object> page = issue();
            String proof = solve(page);
            Map<String, String> copy = new java.util.HashMap<>();
            for (String key : java.util.List.of(
                    AntiRobotCheck.ISSUED_AT,
                    ProofOfWork.CHALLENGE,
                    ProofOfWork.SALT,
                    DistortedTextCaptcha.SALT,
                    DistortedTextCaptcha.IMAGE_HASH)) {
                copy.put(key, notes.get(key));
            }
            assertThat(post("", proof)).isEqualTo(Verdict.PASSED);
            copy.forEach(notes::set); // what the second request had read, as of before the first one's removal
            assertThat(post("", proof)).isEqualTo(Verdict.USED);
        }

        @Test
        void aProofForAnotherChallengeIsRefused() {
            CaptchaNotes otherLogin = CaptchaNotes.inMemory();
            String otherProof = solve(check.issue(otherLogin, now, MAX_NUMBER));
            issue();
            assertThat(post("", otherProof)).isEqualTo(Verdict.POW_INVALID);
        }

        @Test
        void expiresWithTheCaptcha() {
            String proof = solve(issue());
            assertThat(check.verify(notes, spent, "", proof, now.plus(VALIDITY).plusSeconds(1), VALIDITY))
                    .isEqualTo(Verdict.EXPIRED);
        }
    }

    @Nested
    class WithoutAProofOfWork {

        /** The attack the review found: the page used to carry the answer in words, and "10" passed one time in nine. */
        @Test
        void aFixedAnswerNeverPasses() {
            int passes = 0;
            for (int i = 0; i < 200; i++) {
                issue();
                passes += post("10", null) == Verdict.PASSED ? 1 : 0;
                issue();
                passes += post("", "") == Verdict.PASSED ? 1 : 0;
            }
            assertThat(passes).isZero();
        }

        @Test
        void onlyTheRightCaptchaPasses() {
            issue();
            assertThat(post("K7MQ2", null)).isEqualTo(Verdict.PASSED);
            issue();
            assertThat(post("K7MQ3", null)).isEqualTo(Verdict.CAPTCHA_WRONG);
            issue();
            assertThat(post("", null)).isEqualTo(Verdict.POW_MISSING);
        }

        @Test
        void aRightCaptchaIsSingleUse() {
            issue();
            assertThat(post(TEXT, null)).isEqualTo(Verdict.PASSED);
            assertThat(post(TEXT, null)).isEqualTo(Verdict.USED);
        }
    }

    @Nested
    class AForgedProof {

        private String payload(String json) {
            return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        }

        @Test
        void withAWrongNumberIsRefused() {
            Map<String, Object> page = issue();
            int number = challengeOf(page).solve().orElseThrow().number();
            assertThat(post("", challengeOf(page).payload(number + 1))).isEqualTo(Verdict.POW_INVALID);
        }

        @Test
        void thatIsDamagedIsRefusedWithoutAnError() {
            for (String damaged : new String[] {
                "not base64 !",
                payload("not json"),
                payload("[]"),
                payload("{}"),
                payload("{\"number\":\"x\"}"),
                payload("{\"number\":1.5}"),
                "A".repeat(5000)
            }) {
                issue();
                assertThat(post("", damaged))
                        .as(damaged.length() > 40 ? damaged.substring(0, 40) : damaged)
                        .isEqualTo(Verdict.POW_INVALID);
            }
        }

        @Test
        void withAnotherAlgorithmOrSaltIsRefused() {
            Map<String, Object> page = issue();
            ProofOfWorkChallenge real = challengeOf(page);
            int number = real.solve().orElseThrow().number();
            assertThat(post(
                            "",
                            new ProofOfWorkChallenge("SHA-1", real.challenge(), real.salt(), MAX_NUMBER)
                                    .payload(number)))
                    .isEqualTo(Verdict.POW_INVALID);
            issue();
            // A salt and number of the attacker's choosing, with a matching hash: not this login's challenge.
            String salt = "0";
            assertThat(post(
                            "",
                            new ProofOfWorkChallenge("SHA-256", ProofOfWorkChallenge.hash(salt, 1), salt, 1)
                                    .payload(1)))
                    .isEqualTo(Verdict.POW_INVALID);
        }
    }

    @Nested
    class TheChallenge {

        @Test
        void hasASecretNumberWithinTheDifficultyThatTheSolverFinds() {
            for (int i = 0; i < 20; i++) {
                ProofOfWorkChallenge challenge = challengeOf(issue());
                assertThat(challenge.maxNumber()).isEqualTo(MAX_NUMBER);
                assertThat(challenge.solve())
                        .hasValueSatisfying(s -> assertThat(s.number()).isBetween(0, MAX_NUMBER));
            }
        }

        @Test
        void followsAltchasPayloadFormat() {
            ProofOfWorkChallenge challenge =
                    new ProofOfWorkChallenge("SHA-256", ProofOfWorkChallenge.hash("abc", 7), "abc", 10);
            String json = new String(
                    Base64.getDecoder().decode(challenge.solve().orElseThrow().payload()), StandardCharsets.UTF_8);
            assertThat(json)
                    .isEqualTo("{\"algorithm\":\"SHA-256\",\"challenge\":\"" + ProofOfWorkChallenge.hash("abc", 7)
                            + "\",\"number\":7,\"salt\":\"abc\",\"signature\":\"\"}");
            // ALTCHA's definition, checked against an independent value: SHA-256("abc7").
            assertThat(ProofOfWorkChallenge.hash("abc", 7))
                    .isEqualTo("53dd02b72c4e7463b448e5374abedc168dcd200ad7e1221fe92d440c545859c6");
        }
    }
}
