package fr.isoloir.captcha;

import fr.isoloir.captcha.CaptchaProvider.Answer;
import fr.isoloir.identifier.UnambiguousAlphabet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DistortedTextCaptchaTest {

    private final DistortedTextCaptcha captcha = new DistortedTextCaptcha();
    private final CaptchaNotes notes = CaptchaNotes.inMemory();

    private static BufferedImage decode(String dataUri) throws IOException {
        return ImageIO.read(
                new ByteArrayInputStream(Base64.getDecoder().decode(dataUri.substring(dataUri.indexOf(',') + 1))));
    }

    @Nested
    class TheImage {

        @Test
        void isAPngDataUriThatDecodesToTheExpectedSize() throws Exception {
            String uri = (String) captcha.issue(notes).get(DistortedTextCaptcha.IMAGE);
            assertThat(uri).startsWith("data:image/png;base64,");
            BufferedImage image = decode(uri);
            assertThat(image.getWidth()).isEqualTo(CaptchaImage.WIDTH);
            assertThat(image.getHeight()).isEqualTo(CaptchaImage.HEIGHT);
        }

        @Test
        void differsBetweenTwoChallenges() throws Exception {
            BufferedImage first = decode((String) captcha.issue(notes).get(DistortedTextCaptcha.IMAGE));
            BufferedImage second = decode((String) captcha.issue(notes).get(DistortedTextCaptcha.IMAGE));
            int differing = 0;
            for (int x = 0; x < CaptchaImage.WIDTH; x++) {
                for (int y = 0; y < CaptchaImage.HEIGHT; y++) {
                    differing += first.getRGB(x, y) != second.getRGB(x, y) ? 1 : 0;
                }
            }
            assertThat(differing).as("pixels that differ").isGreaterThan(CaptchaImage.WIDTH * CaptchaImage.HEIGHT / 10);
        }

        @Test
        void drawsEverySymbolOfTheAlphabetAsDarkStrokes() throws Exception {
            for (int start = 0; start < UnambiguousAlphabet.SIZE; start += DistortedTextCaptcha.LENGTH) {
                String text = (UnambiguousAlphabet.SYMBOLS + UnambiguousAlphabet.SYMBOLS)
                        .substring(start, start + DistortedTextCaptcha.LENGTH);
                BufferedImage image =
                        ImageIO.read(new ByteArrayInputStream(CaptchaImage.png(text, new SecureRandom())));
                int dark = 0;
                for (int x = 0; x < CaptchaImage.WIDTH; x++) {
                    for (int y = 0; y < CaptchaImage.HEIGHT; y++) {
                        int rgb = image.getRGB(x, y);
                        dark += ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 3 * 110 ? 1 : 0;
                    }
                }
                // Five strokes 3 px wide, 40 px high or so: well over a thousand dark pixels; the noise alone is under
                // 200.
                assertThat(dark).as("dark pixels for %s", text).isGreaterThan(800);
            }
        }

        /**
         * The official Keycloak image has no system fonts: the captcha must draw shapes only. No class of
         * the package may refer to AWT's text machinery (the constant pool names every class and method a
         * class calls).
         */
        @Test
        void usesNoFont() throws Exception {
            for (Class<?> type : List.of(
                    CaptchaImage.class,
                    StrokeFont.class,
                    DistortedTextCaptcha.class,
                    AntiRobotCheck.class,
                    ProofOfWork.class,
                    ProofOfWorkChallenge.class)) {
                String bytecode;
                try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
                    bytecode = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                }
                assertThat(bytecode)
                        .as(type.getSimpleName())
                        .doesNotContain(
                                "java/awt/Font",
                                "java/awt/font/",
                                "drawString",
                                "drawChars",
                                "GlyphVector",
                                "TextLayout",
                                "setFont",
                                "getFontMetrics");
            }
        }
    }

    @Nested
    class TheAnswer {

        @Test
        void passesInAnyCaseWithSpacesAndDashesOnce() {
            captcha.issue(notes, "K7MQ2");
            assertThat(captcha.check(notes, " k7m-q 2 ")).isEqualTo(Answer.RIGHT);
            assertThat(captcha.check(notes, "K7MQ2")).as("single use").isEqualTo(Answer.NOT_ISSUED);
        }

        @Test
        void wrongConsumesTheChallenge() {
            captcha.issue(notes, "K7MQ2");
            assertThat(captcha.check(notes, "K7MQ3")).isEqualTo(Answer.WRONG);
            assertThat(captcha.check(notes, "K7MQ2")).isEqualTo(Answer.NOT_ISSUED);
        }

        @Test
        void emptyAndHugeAnswersAreToldApart() {
            captcha.issue(notes, "K7MQ2");
            assertThat(captcha.check(notes, "  ")).isEqualTo(Answer.EMPTY);
            captcha.issue(notes, "K7MQ2");
            assertThat(captcha.check(notes, "9".repeat(10_000))).isEqualTo(Answer.WRONG);
        }

        @Test
        void keepsOnlyASaltedHashInTheNotes() {
            captcha.issue(notes, "K7MQ2");
            assertThat(notes.get(DistortedTextCaptcha.IMAGE_HASH)).hasSize(64).doesNotContain("K7MQ2");
        }

        @Test
        void isFiveSymbolsOfTheUnambiguousAlphabet() {
            String text = UnambiguousAlphabet.randomSymbols(new SecureRandom(), DistortedTextCaptcha.LENGTH);
            assertThat(text).hasSize(5).matches("[2-9A-HJKMNP-Z]+");
        }
    }
}
