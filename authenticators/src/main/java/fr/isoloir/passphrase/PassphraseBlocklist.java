package fr.isoloir.passphrase;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Phrases nobody may choose (SEC-D5): the voter guide's example, which every voter has seen, and
 * common passphrases and password-like phrases. Compared loosely (case, accents, spaces and
 * punctuation ignored, see {@link Folding#meaning}), for equality: a known phrase with words added is
 * a different phrase.
 *
 * <p>Immutable. The bundled list is read once, on first use, by the holder idiom.
 */
public final class PassphraseBlocklist {

    /** Resource holding the bundled list: one phrase per line, {@code #} starts a comment line. */
    public static final String BUNDLED_RESOURCE = "blocklist.txt";

    private final Set<String> folded;

    private PassphraseBlocklist(Set<String> folded) {
        this.folded = folded;
    }

    /** The list shipped in the jar. */
    public static PassphraseBlocklist bundled() {
        return Bundled.INSTANCE;
    }

    /** A list of the given phrases, e.g. the bundled ones plus a realm's own. */
    public static PassphraseBlocklist of(Collection<String> phrases) {
        return new PassphraseBlocklist(phrases.stream()
                .map(Folding::meaning)
                .filter(phrase -> !phrase.isEmpty())
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** This list with more phrases. */
    public PassphraseBlocklist plus(Collection<String> phrases) {
        Set<String> more = of(phrases).folded;
        return new PassphraseBlocklist(
                Stream.concat(folded.stream(), more.stream()).collect(Collectors.toUnmodifiableSet()));
    }

    /** Whether the passphrase is, loosely, one of the listed phrases. */
    public boolean contains(String passphrase) {
        return passphrase != null && folded.contains(Folding.meaning(passphrase));
    }

    /** How many distinct phrases the list holds once folded. */
    public int size() {
        return folded.size();
    }

    /** Reads a list in the bundled format: UTF-8, one phrase per line, blank lines and {@code #} comments skipped. */
    static PassphraseBlocklist read(InputStream in) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return of(reader.lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList());
        }
    }

    /** Holder idiom: the JVM loads this class, and so reads the file, once and thread-safely, on first use. */
    private static final class Bundled {
        static final PassphraseBlocklist INSTANCE = load();

        private static PassphraseBlocklist load() {
            try (InputStream in = PassphraseBlocklist.class.getResourceAsStream(BUNDLED_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("passphrase blocklist missing from the jar: " + BUNDLED_RESOURCE);
                }
                return read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the passphrase blocklist", e);
            }
        }
    }
}
