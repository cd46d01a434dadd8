package fr.isoloir.captcha;

import fr.isoloir.captcha.CaptchaProvider.Verdict;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DistortedTextCaptchaTest {

    private static final Duration VALIDITY = Duration.ofMinutes(10);
    private final DistortedTextCaptcha captcha = new DistortedTextCaptcha();
    private final CaptchaNotes notes = CaptchaNotes.inMemory();
    private final Instant now = Instant.parse("2026-11-26T10:00:00Z");

    private String questionAnswer(Map<String, Object> page) {
        return Integer.toString((int) page.get(DistortedTextCaptcha.TERM_A) + (int) page.get(DistortedTextCaptcha.TERM_B));
    }

    @Nested
    class AnIssuedChallenge {

        @Test
        void isAPngDataUriOfTheExpectedSize() throws Exception {
            String uri = (String) captcha.issue(notes, now).get(DistortedTextCaptcha.IMAGE);
            assertThat(uri).startsWith("data:image/png;base64,");
            var image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1))));
            assertThat(image.getWidth()).isEqualTo(CaptchaImage.WIDTH);
            assertThat(image.getHeight()).isEqualTo(CaptchaImage.HEIGHT);
        }

        @Test
        void keepsOnlyHashesInTheNotes() {
            Map<String, Object> page = captcha.issue(notes, now);
            assertThat(notes.get(DistortedTextCaptcha.QUESTION_HASH)).hasSize(64).isNotEqualTo(questionAnswer(page));
            assertThat(notes.get(DistortedTextCaptcha.IMAGE_HASH)).hasSize(64);
        }

        @Test
        void hasTermsFromOneToNine() {
            for (int i = 0; i < 50; i++) {
                Map<String, Object> page = captcha.issue(notes, now);
                assertThat((int) page.get(DistortedTextCaptcha.TERM_A)).isBetween(1, 9);
                assertThat((int) page.get(DistortedTextCaptcha.TERM_B)).isBetween(1, 9);
            }
        }
    }

    @Nested
    class TheImageText {

        @Test
        void passesInAnyCaseWithSpaces() {
            var challenge = DistortedTextCaptcha.Challenge.random(new SecureRandom());
            assertThat(challenge.text()).hasSize(DistortedTextCaptcha.LENGTH).matches("[2-9A-Z]+");
            assertThat(DistortedTextCaptcha.normalise(" ab c-d ")).isEqualTo("ABCD");
        }

        @Test
        void drawsEverySymbolWithoutFailingHeadless() {
            byte[] png = CaptchaImage.png("23456789ABCDEFGHJKMNPQRSTUVWXYZ".substring(0, 5), new SecureRandom());
            assertThat(png.length).isGreaterThan(500);
        }
    }

    @Nested
    class Verification {

        @Test
        void acceptsTheSpokenAlternativeOnce() {
            String answer = questionAnswer(captcha.issue(notes, now));
            assertThat(captcha.verify(notes, " " + answer + " ", now.plusSeconds(5), VALIDITY)).isEqualTo(Verdict.PASSED);
            assertThat(captcha.verify(notes, answer, now.plusSeconds(6), VALIDITY)).isEqualTo(Verdict.USED);
        }

        @Test
        void refusesAWrongAnswerAndConsumesTheChallenge() {
            String answer = questionAnswer(captcha.issue(notes, now));
            assertThat(captcha.verify(notes, "ZZZZZ", now, VALIDITY)).isEqualTo(Verdict.WRONG);
            assertThat(captcha.verify(notes, answer, now, VALIDITY)).isEqualTo(Verdict.USED);
        }

        @Test
        void refusesAnExpiredChallenge() {
            String answer = questionAnswer(captcha.issue(notes, now));
            assertThat(captcha.verify(notes, answer, now.plus(VALIDITY).plusSeconds(1), VALIDITY)).isEqualTo(Verdict.EXPIRED);
        }

        @Test
        void saysEmptyForNoAnswerAndWrongForAHugeOne() {
            captcha.issue(notes, now);
            assertThat(captcha.verify(notes, "  ", now, VALIDITY)).isEqualTo(Verdict.EMPTY);
            captcha.issue(notes, now);
            assertThat(captcha.verify(notes, "9".repeat(10_000), now, VALIDITY)).isEqualTo(Verdict.WRONG);
        }

        @Test
        void withoutAnIssuedChallengeSaysUsed() {
            assertThat(captcha.verify(notes, "12", now, VALIDITY)).isEqualTo(Verdict.USED);
        }
    }
}
