package fr.isoloir.captcha;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official Keycloak image (ubi9-micro, a headless JDK) has no fonts, no fontconfig and no display.
 * The captcha is drawn in a fresh JVM that logs every class it loads: AWT's font manager (what reads
 * fontconfig and font files) and any display toolkit must never load. The control draws one string
 * and shows that the same check sees the font manager load.
 */
class HeadlessCaptchaTest {

    /** What loads only when a font is looked up: fontconfig is read, font files are opened. */
    static final List<String> FONT_MACHINERY = List.of(
            "sun.font.FontManagerFactory",
            "sun.font.SunFontManager",
            "sun.awt.FontConfiguration",
            "sun.font.FcFontConfiguration");
    /** What loads only when a display is used (an X11 connection). */
    static final List<String> DISPLAY_MACHINERY = List.of("sun.awt.X11.XToolkit", "sun.awt.X11GraphicsDevice");

    /** Run in the child JVM: draws a captcha (or, with "text", one string) and writes it as a PNG. */
    public static void main(String[] args) throws IOException {
        byte[] png;
        if (args.length > 0 && args[0].equals("text")) {
            System.setProperty("java.awt.headless", "true");
            BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.drawString("AB", 2, 15);
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            png = out.toByteArray();
        } else {
            png = CaptchaImage.png("K7MQ2", new SecureRandom());
        }
        System.out.println("PNG bytes: " + png.length);
    }

    /** The classes a fresh JVM loaded while running {@link #main} with these arguments. */
    static String classesLoadedDrawing(String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(
                java.toString(),
                "-Xlog:class+load=info",
                "-cp",
                System.getProperty("java.class.path"),
                HeadlessCaptchaTest.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("DISPLAY");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).containsPattern("PNG bytes: [1-9][0-9]*");
        return output;
    }

    @Nested
    class TheCaptcha {

        @Test
        void drawsItsPngWithoutLoadingTheFontManagerNorADisplayToolkit() throws Exception {
            String loaded = classesLoadedDrawing();
            assertThat(loaded)
                    .contains("fr.isoloir.captcha.CaptchaImage", "com.sun.imageio.plugins.png.PNGImageWriter");
            for (String machinery : FONT_MACHINERY) {
                assertThat(loaded).as("loaded " + machinery).doesNotContain(machinery + " ");
            }
            for (String machinery : DISPLAY_MACHINERY) {
                assertThat(loaded).as("loaded " + machinery).doesNotContain(machinery + " ");
            }
        }
    }

    @Nested
    class TheCheck {

        @Test
        void seesTheFontManagerLoadWhenAStringIsDrawn() throws Exception {
            assertThat(classesLoadedDrawing("text")).contains("sun.font.FontManagerFactory ");
        }
    }
}
