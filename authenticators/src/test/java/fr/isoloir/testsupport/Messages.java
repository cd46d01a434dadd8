package fr.isoloir.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The voter pages' messages as the theme bundles hold them, formatted the way Keycloak formats them
 * (MessageFormat), so that tests compare what the voter reads with the bundle instead of copying
 * French sentences into the tests.
 */
public final class Messages {

    private final Properties bundle;
    private final Locale locale;

    private Messages(Properties bundle, Locale locale) {
        this.bundle = bundle;
        this.locale = locale;
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{\\d+}");

    /** The French message as a page's text reads it, parameters filled in. */
    public static String fr(String key, Object... parameters) {
        return french().text(key, parameters);
    }

    /** A pattern matching the French message whatever its parameters, each parameter a number (a group). */
    public static Pattern frPattern(String key) {
        Messages french = french();
        String pattern = french.bundle.getProperty(key);
        if (pattern == null) {
            throw new AssertionError("No message " + key + " in the bundle");
        }
        String raw =
                asShown(new MessageFormat(pattern, french.locale).toPattern().replace("''", "'"));
        StringBuilder regex = new StringBuilder();
        Matcher parameter = PARAMETER.matcher(raw);
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(raw.substring(last, parameter.start()))).append("(\\d+)");
            last = parameter.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(raw.substring(last))).toString());
    }

    /** The login theme's French messages (the tests' browser asks for French). */
    public static Messages french() {
        return new Messages(load("theme/isoloir/login/messages/messages_fr.properties"), Locale.FRENCH);
    }

    /** A bundle of the isoloir-themes jar, read as Keycloak reads it: UTF-8. */
    public static Properties load(String resource) {
        try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No " + resource + " on the class path (isoloir-themes)");
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message as shown, with its parameters, whitespace normalised like {@link #asShown}. */
    public String text(String key, Object... parameters) {
        String pattern = bundle.getProperty(key);
        if (pattern == null) {
            throw new AssertionError("No message " + key + " in the bundle");
        }
        return asShown(new MessageFormat(pattern, locale).format(parameters));
    }

    /**
     * Text with non-breaking spaces as ordinary ones and runs of spaces collapsed, as jsoup's
     * {@code text()} gives it, so that page text and bundle text compare.
     */
    public static String asShown(String text) {
        return text == null
                ? null
                : text.replaceAll("[\\s\\u00A0\\u202F]+", " ").trim();
    }
}
