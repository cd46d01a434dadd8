package fr.isoloir.captcha;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * Draws the captcha text as a PNG with java.awt, headless: each symbol is a {@link StrokeFont} outline in
 * its own size, angle, slant and height, stroked over crossing lines and dots. No font and no text call:
 * the official Keycloak image has no system fonts, and shapes need none. The pixels are made here, on
 * the server, so no third party sees the voter (issue 4).
 */
final class CaptchaImage {

    static final int WIDTH = 220;
    static final int HEIGHT = 70;

    static {
        // Keycloak runs headless; so must the unit tests and any embedding.
        System.setProperty("java.awt.headless", "true");
    }

    private CaptchaImage() {}

    /** The text drawn as a PNG, as a {@code data:} URI (the realm's CSP allows img-src data:). */
    static String dataUri(String text, RandomGenerator random) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(text, random));
    }

    static byte[] png(String text, RandomGenerator random) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(new Color(0xF4F4F7));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            for (int i = 0; i < 6; i++) {
                g.setColor(new Color(120 + random.nextInt(100), 120 + random.nextInt(100), 120 + random.nextInt(100)));
                g.setStroke(new BasicStroke(1 + random.nextInt(2)));
                g.drawLine(
                        random.nextInt(WIDTH), random.nextInt(HEIGHT), random.nextInt(WIDTH), random.nextInt(HEIGHT));
            }
            int step = (WIDTH - 20) / text.length();
            for (int i = 0; i < text.length(); i++) {
                double scale = 2.5 + random.nextDouble() * 0.6; // a glyph 25 to 31 px wide, 35 to 43 px high
                AffineTransform transform = new AffineTransform();
                transform.translate(14 + i * step + random.nextInt(8), 10 + random.nextInt(12));
                transform.rotate(Math.toRadians(random.nextInt(40) - 20), 5 * scale, 7 * scale);
                transform.shear((random.nextDouble() - 0.5) * 0.4, 0);
                transform.scale(scale * (0.85 + random.nextDouble() * 0.2), scale);
                Shape glyph = transform.createTransformedShape(StrokeFont.glyph(text.charAt(i)));
                // Dark enough for a 4.5:1 contrast on the light background.
                g.setColor(new Color(random.nextInt(60), random.nextInt(60), 40 + random.nextInt(60)));
                g.setStroke(
                        new BasicStroke(3f + random.nextFloat() * 1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(glyph);
            }
            for (int i = 0; i < 120; i++) {
                image.setRGB(random.nextInt(WIDTH), random.nextInt(HEIGHT), 0x505050 + random.nextInt(0x606060));
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
