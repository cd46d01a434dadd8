package fr.isoloir.testsupport;

/** Typing mistakes voters make in an identifier, as printed ({@code K7MQ-4XPR-2H9W}). */
public final class IdentifierTypos {

    private IdentifierTypos() {}

    /** Two neighbouring different symbols swapped, as fast typing does: the check symbol catches it. */
    public static String swapTwoSymbols(String typed) {
        char[] chars = typed.toCharArray();
        for (int i = 0; i + 1 < chars.length; i++) {
            if (chars[i] != '-' && chars[i + 1] != '-' && chars[i] != chars[i + 1]) {
                char first = chars[i];
                chars[i] = chars[i + 1];
                chars[i + 1] = first;
                return new String(chars);
            }
        }
        throw new IllegalArgumentException("no two different neighbouring symbols in " + typed);
    }

    /** The last symbol replaced by {@code letter}, as a voter reading a 0 as an O does. */
    public static String lastSymbolReadAs(String typed, char letter) {
        return typed.substring(0, typed.length() - 1) + letter;
    }
}
