package fr.isoloir.captcha;

import fr.isoloir.identifier.UnambiguousAlphabet;

import java.awt.geom.Path2D;
import java.util.Map;

/**
 * The captcha's own glyphs: each symbol of the identifiers' unambiguous alphabet as a stroked outline
 * (lines and Bézier curves in a 10 × 14 box, y downwards), so that the image needs no font. The official
 * Keycloak image (ubi9-micro) has no system fonts, and AWT text rendering fails there; shapes do not.
 *
 * <p>Each glyph is a path in a tiny SVG-like notation: {@code Mx y} moves, {@code Lx y} draws a line,
 * {@code Cx1 y1 x2 y2 x y} a cubic curve.
 */
final class StrokeFont {

    static final double WIDTH = 10;
    static final double HEIGHT = 14;

    private static final Map<Character, String> GLYPHS = Map.ofEntries(
            Map.entry('2', "M1 4 C1 0 9 0 9 4 C9 7 1 10 1 14 L9 14"),
            Map.entry('3', "M1 2 C3 0 9 0 9 3.5 C9 6 6 7 4 7 C6 7 9 8 9 10.5 C9 14 3 14.5 1 12.5"),
            Map.entry('4', "M7 14 L7 0 L1 10 L10 10"),
            Map.entry('5', "M9 0 L2 0 L1 6 C4 4.5 9 5 9 9.5 C9 14 3 14.5 1 12.5"),
            Map.entry('6', "M8 1 C4 0 1 4 1 9 C1 12 3 14 5 14 C8 14 9 12 9 10 C9 7.5 7 6 5 6 C3 6 1 7.5 1 9"),
            Map.entry('7', "M1 0 L9 0 L4 14"),
            Map.entry(
                    '8',
                    "M5 7 C2 7 1.5 5.5 1.5 3.5 C1.5 1 3.5 0 5 0 C6.5 0 8.5 1 8.5 3.5 C8.5 5.5 8 7 5 7 "
                            + "C2 7 1 9 1 10.5 C1 13 3 14 5 14 C7 14 9 13 9 10.5 C9 9 8 7 5 7"),
            Map.entry(
                    '9',
                    "M9 5 C9 7 7 8 5 8 C3 8 1 6.5 1 4 C1 1.5 3 0 5 0 C8 0 9 2 9 5 L9 8 C9 12 7 14 4 14 C3 14 2 13.7 1.5 13"),
            Map.entry('A', "M1 14 L5 0 L9 14 M2.5 9 L7.5 9"),
            Map.entry(
                    'B',
                    "M1 14 L1 0 L6 0 C8 0 9 1 9 3.5 C9 5.5 8 7 6 7 L1 7 M6 7 C8.5 7 9.5 8.5 9.5 10.5 C9.5 13 8 14 6 14 L1 14"),
            Map.entry('C', "M9 2 C8 0.5 7 0 5.5 0 C2.5 0 1 3 1 7 C1 11 2.5 14 5.5 14 C7 14 8 13.5 9 12"),
            Map.entry('D', "M1 0 L1 14 L5 14 C8 14 9 11 9 7 C9 3 8 0 5 0 L1 0"),
            Map.entry('E', "M9 0 L1 0 L1 14 L9 14 M1 7 L7 7"),
            Map.entry('F', "M9 0 L1 0 L1 14 M1 7 L7 7"),
            Map.entry('G', "M9 2 C8 0.5 7 0 5.5 0 C2.5 0 1 3 1 7 C1 11 2.5 14 5.5 14 C7.5 14 9 13 9 11 L9 8 L5.5 8"),
            Map.entry('H', "M1 0 L1 14 M9 0 L9 14 M1 7 L9 7"),
            Map.entry('J', "M8 0 L8 10 C8 13 6.5 14 4.5 14 C2.5 14 1 13 1 11"),
            Map.entry('K', "M1 0 L1 14 M9 0 L1 9 M4 6 L9 14"),
            Map.entry('M', "M1 14 L1 0 L5 9 L9 0 L9 14"),
            Map.entry('N', "M1 14 L1 0 L9 14 L9 0"),
            Map.entry('P', "M1 14 L1 0 L6 0 C8 0 9 1.5 9 3.5 C9 5.5 8 7 6 7 L1 7"),
            Map.entry('Q', "M5 0 C2 0 1 3 1 7 C1 11 2 14 5 14 C8 14 9 11 9 7 C9 3 8 0 5 0 M6 10 L9.5 14.5"),
            Map.entry('R', "M1 14 L1 0 L6 0 C8 0 9 1.5 9 3.5 C9 5.5 8 7 6 7 L1 7 M5.5 7 L9 14"),
            Map.entry(
                    'S',
                    "M9 2 C8 0.5 7 0 5 0 C2.5 0 1 1.5 1 3.5 C1 8 9 6 9 10.5 C9 12.5 7.5 14 5 14 C3 14 2 13.5 1 12"),
            Map.entry('T', "M0.5 0 L9.5 0 M5 0 L5 14"),
            Map.entry('U', "M1 0 L1 10 C1 13 3 14 5 14 C7 14 9 13 9 10 L9 0"),
            Map.entry('V', "M0.5 0 L5 14 L9.5 0"),
            Map.entry('W', "M0 0 L2.5 14 L5 5 L7.5 14 L10 0"),
            Map.entry('X', "M1 0 L9 14 M9 0 L1 14"),
            Map.entry('Y', "M1 0 L5 7 L9 0 M5 7 L5 14"),
            Map.entry('Z', "M1 0 L9 0 L1 14 L9 14"));

    static {
        for (char symbol : UnambiguousAlphabet.SYMBOLS.toCharArray()) {
            if (!GLYPHS.containsKey(symbol)) {
                throw new ExceptionInInitializerError("no captcha glyph for " + symbol);
            }
        }
    }

    private StrokeFont() {}

    /** The symbol's outline in the 10 × 14 box; throws for a symbol outside the alphabet. */
    static Path2D glyph(char symbol) {
        String path = GLYPHS.get(symbol);
        if (path == null) {
            throw new IllegalArgumentException("no captcha glyph for this symbol");
        }
        return parse(path);
    }

    private static Path2D parse(String path) {
        Path2D.Double shape = new Path2D.Double();
        // "M1 4 L9 14": a command letter, then its numbers; the letter may touch the first number.
        String[] tokens = path.trim().replaceAll("([MLC])", "$1 ").split("\\s+");
        int i = 0;
        while (i < tokens.length) {
            String command = tokens[i++];
            switch (command) {
                case "M" -> shape.moveTo(number(tokens[i]), number(tokens[i + 1]));
                case "L" -> shape.lineTo(number(tokens[i]), number(tokens[i + 1]));
                case "C" ->
                    shape.curveTo(
                            number(tokens[i]),
                            number(tokens[i + 1]),
                            number(tokens[i + 2]),
                            number(tokens[i + 3]),
                            number(tokens[i + 4]),
                            number(tokens[i + 5]));
                default -> throw new IllegalArgumentException("glyph command " + command);
            }
            i += command.equals("C") ? 6 : 2;
        }
        return shape;
    }

    private static double number(String token) {
        return Double.parseDouble(token);
    }
}
