package fr.isoloir.themes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The message bundles: complete in both languages, valid MessageFormat, French typography. */
class BundlesTest {

    private static final Pattern MSG_KEY = Pattern.compile("msg\\(\"([A-Za-z0-9_.-]+)\"\\s*[,)]");
    /** A straight apostrophe alone: MessageFormat would eat it and the text after it. */
    private static final Pattern LONE_APOSTROPHE = Pattern.compile("(?<!')'(?!')");
    /** French asks for a (narrow) non-breaking space before : ; ! ? and none of the ordinary kind. */
    private static final Pattern ORDINARY_SPACE_BEFORE_PUNCTUATION = Pattern.compile("[ \\t][:;!?]");

    private static final Pattern NO_SPACE_BEFORE_PUNCTUATION = Pattern.compile("\\p{L}[;!?]|\\p{L}:(?!//)");
    /** English words that have no business in the French texts. */
    private static final Pattern ENGLISH = Pattern.compile(
            "\\b(the|and|your|you|please|click|here|password|login|log in|sign in|email address|error|submit|cancel|back|code sent|try again|help)\\b",
            Pattern.CASE_INSENSITIVE);

    @ParameterizedTest
    @ValueSource(strings = {"login", "email"})
    void french_and_english_have_the_same_keys(String theme) {
        Set<String> fr = new TreeSet<>(ThemeRenderer.bundle(theme, "fr").stringPropertyNames());
        Set<String> en = new TreeSet<>(ThemeRenderer.bundle(theme, "en").stringPropertyNames());
        assertThat(en).as("keys of the English %s bundle", theme).containsExactlyElementsOf(fr);
    }

    @ParameterizedTest
    @ValueSource(strings = {"login", "email"})
    void every_key_the_templates_use_exists(String theme) throws IOException {
        Properties fr = ThemeRenderer.bundle(theme, "fr");
        Properties en = ThemeRenderer.bundle(theme, "en");
        for (Path template : templates(theme)) {
            Matcher matcher = MSG_KEY.matcher(Files.readString(template));
            while (matcher.find()) {
                String key = matcher.group(1);
                assertThat(fr.getProperty(key))
                        .as("%s in %s (fr)", key, template.getFileName())
                        .isNotNull();
                assertThat(en.getProperty(key))
                        .as("%s in %s (en)", key, template.getFileName())
                        .isNotNull();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"login/fr", "login/en", "email/fr", "email/en"})
    void no_lone_straight_apostrophe_in_a_message_format_pattern(String bundle) {
        Properties messages = ThemeRenderer.bundle(bundle.split("/")[0], bundle.split("/")[1]);
        for (String key : messages.stringPropertyNames()) {
            assertThat(LONE_APOSTROPHE.matcher(messages.getProperty(key)).find())
                    .as("%s=%s has a lone ' (write '' or ’)", key, messages.getProperty(key))
                    .isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"login", "email"})
    void french_puts_a_non_breaking_space_before_double_punctuation(String theme) {
        Properties fr = ThemeRenderer.bundle(theme, "fr");
        for (String key : fr.stringPropertyNames()) {
            String text = fr.getProperty(key).replaceAll("https?://\\S+", "");
            assertThat(ORDINARY_SPACE_BEFORE_PUNCTUATION.matcher(text).find())
                    .as("%s: ordinary space before : ; ! ? in «%s»", key, text)
                    .isFalse();
            assertThat(NO_SPACE_BEFORE_PUNCTUATION.matcher(text).find())
                    .as("%s: no space before : ; ! ? in «%s»", key, text)
                    .isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"login", "email"})
    void no_english_left_in_french(String theme) {
        Properties fr = ThemeRenderer.bundle(theme, "fr");
        for (String key : fr.stringPropertyNames()) {
            assertThat(ENGLISH.matcher(fr.getProperty(key)).find())
                    .as("%s=%s", key, fr.getProperty(key))
                    .isFalse();
        }
    }

    @Test
    void keys_the_java_code_uses_are_kept() {
        Properties fr = ThemeRenderer.bundle("login", "fr");
        // Keys set by the authenticators (FormMessage, setError, setInfo, messageKey, renderSms).
        assertThat(fr.stringPropertyNames())
                .contains(
                        "identifierEmpty",
                        "identifierTooShort",
                        "identifierTypo",
                        "isoloirCodeInvalid",
                        "isoloirCodeEmpty",
                        "isoloirCodeMalformed",
                        "isoloirCodeExpired",
                        "isoloirCodeTooManyAttempts",
                        "isoloirCodeResendWait",
                        "isoloirCodeResent",
                        "isoloirCodeSendFailed",
                        "isoloirPassphraseInvalid",
                        "isoloirPassphraseEmpty",
                        "passphraseTooShort",
                        "passphraseMismatch",
                        "isoloirSmsCode",
                        "isoloirSmsPendingIdentifier");
    }

    static List<Path> templates(String theme) throws IOException {
        try (Stream<Path> files = Files.walk(themeDirectory(theme))) {
            return files.filter(f -> f.toString().endsWith(".ftl")).sorted().toList();
        }
    }

    static Path themeDirectory(String theme) {
        try {
            return Path.of(
                    BundlesTest.class.getResource(ThemeRenderer.THEMES + theme).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
