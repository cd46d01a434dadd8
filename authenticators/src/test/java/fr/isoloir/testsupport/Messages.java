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
 * The voter pages' French messages, read from the theme bundle the server uses, so that tests name a
 * message by its key instead of copying its wording.
 */
public final class Messages {

    private static final String BUNDLE = "theme/isoloir/login/messages/messages_fr.properties";
    private static final Pattern PARAMETER = Pattern.compile("\\{\\d+}");
    private static final Properties FRENCH = load();

    private Messages() {
    }

    /**
     * The message as a page's text reads it, parameters filled in. Page text comes from jsoup, which reads
     * the no-break spaces of French typography ("code : il") as plain spaces: so does this.
     */
    public static String fr(String key, Object... parameters) {
        return asPageText(new MessageFormat(raw(key), Locale.FRENCH).format(parameters));
    }

    /** A pattern matching the message whatever its parameters, each parameter a number (a group). */
    public static Pattern frPattern(String key) {
        String raw = asPageText(new MessageFormat(raw(key), Locale.FRENCH).toPattern().replace("''", "'"));
        StringBuilder regex = new StringBuilder();
        Matcher parameter = PARAMETER.matcher(raw);
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(raw.substring(last, parameter.start()))).append("(\\d+)");
            last = parameter.end();
        }
        regex.append(Pattern.quote(raw.substring(last)));
        return Pattern.compile(regex.toString());
    }

    private static String asPageText(String message) {
        return message.replace('\u00A0', ' ');
    }

    private static String raw(String key) {
        String value = FRENCH.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("No message " + key + " in " + BUNDLE);
        }
        return value;
    }

    private static Properties load() {
        try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(BUNDLE)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLE + " is not on the test class path");
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
