package fr.isoloir;

import fr.isoloir.captcha.AntiRobotCheck;
import fr.isoloir.code.ConnectionCode;
import fr.isoloir.identifier.IdentifierProblem;
import fr.isoloir.passphrase.PassphraseProblem;
import fr.isoloir.phone.MobileNumberValidator;
import fr.isoloir.postal.PostalCodeProblem;
import fr.isoloir.testsupport.Messages;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message the voter can see exists in French and in English. A key missing from a bundle shows
 * up on the page as the bare key ("isoloirCodeSendFailed"), which no test of the happy path notices.
 * The bundles are read from the isoloir-themes jar, as Keycloak reads them (UTF-8); the keys from the
 * Java constants and from the string literals the authenticators pass to the login forms.
 */
class MessageBundlesTest {

    static final String LOGIN = "theme/isoloir/login/messages/messages_%s.properties";
    static final String EMAIL = "theme/isoloir/email/messages/messages_%s.properties";
    static final Properties LOGIN_FR = Messages.load(LOGIN.formatted("fr"));
    static final Properties LOGIN_EN = Messages.load(LOGIN.formatted("en"));
    static final Properties EMAIL_FR = Messages.load(EMAIL.formatted("fr"));
    static final Properties EMAIL_EN = Messages.load(EMAIL.formatted("en"));

    static final Path MODULE = Path.of(System.getProperty("basedir", "."));
    static final Path SOURCES = MODULE.resolve("src/main/java");
    static final Path THEME = MODULE.resolve("../themes/src/main/resources/theme/isoloir");

    /** Literal message keys handed to the login forms, directly or through a "message" variable set by a ternary. */
    static final Pattern FORM_KEY = Pattern.compile(
            "(?:new FormMessage\\(\\s*[\\w.]+\\s*,\\s*|\\.set(?:Error|Info|Success|Warning)\\(\\s*"
                    + "|new Refusal\\(\\s*|new PolicyError\\(\\s*|String message = [^;?]*\\?\\s*\"\\w+\"\\s*:\\s*)\"(\\w+)\"");
    /** The first branch of {@code String message = test ? "a" : "b";} (FORM_KEY takes the second). */
    static final Pattern FIRST_BRANCH_KEY = Pattern.compile("String message = [^;?]*\\?\\s*\"(\\w+)\"");
    /** The first literal of renderSms(...) is a login-theme key; of renderEmail(...), an email-theme key. */
    static final Pattern SMS_KEY = Pattern.compile("renderSms\\([^;]*?\"(\\w+)\"");

    static final Pattern EMAIL_KEY = Pattern.compile("renderEmail\\([^;]*?\"(\\w+)\"");
    static final Pattern TEMPLATE_KEY =
            Pattern.compile("msg\\(\"(\\w+)\"\\s*[,)]"); // msg("prefix" + x) is checked by hand

    static Set<String> keysIn(Path root, String suffix, Pattern pattern) throws IOException {
        assertThat(root).isDirectory();
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(suffix)).toList()) {
                Matcher matcher = pattern.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (matcher.find()) {
                    keys.add(matcher.group(1));
                }
            }
        }
        return keys;
    }

    static Set<String> constantKeys() {
        Set<String> keys = new TreeSet<>();
        Arrays.stream(IdentifierProblem.values())
                .map(IdentifierProblem::messageKey)
                .forEach(keys::add);
        keys.add(IdentifierProblem.LOOK_ALIKE_MESSAGE_KEY);
        Arrays.stream(PostalCodeProblem.values())
                .map(PostalCodeProblem::messageKey)
                .forEach(keys::add);
        keys.add(PostalCodeProblem.LOOK_ALIKE_MESSAGE_KEY);
        Arrays.stream(PassphraseProblem.Reason.values())
                .map(PassphraseProblem.Reason::messageKey)
                .forEach(keys::add);
        keys.add(ConnectionCode.MESSAGE_INVALID_FORMAT);
        keys.add(MobileNumberValidator.MESSAGE_NOT_E164);
        keys.add(MobileNumberValidator.MESSAGE_NOT_MOBILE);
        Arrays.stream(AntiRobotCheck.Verdict.values())
                .map(AntiRobotCheck.Verdict::messageKey)
                .filter(Objects::nonNull)
                .forEach(keys::add);
        return keys;
    }

    static Set<String> keys(Properties bundle) {
        return new TreeSet<>(bundle.stringPropertyNames());
    }

    @Nested
    class TheLoginBundles {

        @Test
        void holdEveryKeyOfTheJavaConstants() {
            assertThat(keys(LOGIN_FR)).as("fr").containsAll(constantKeys());
            assertThat(keys(LOGIN_EN)).as("en").containsAll(constantKeys());
        }

        @Test
        void holdEveryKeyTheAuthenticatorsPassToTheForms() throws IOException {
            Set<String> used = keysIn(SOURCES, ".java", FORM_KEY);
            used.addAll(keysIn(SOURCES, ".java", FIRST_BRANCH_KEY));
            used.addAll(keysIn(SOURCES, ".java", SMS_KEY));
            // The scan must find what it is meant to find, or it would pass on nothing.
            assertThat(used)
                    .contains(
                            "isoloirCodeInvalid",
                            "isoloirCodeSendFailed",
                            "isoloirCodeResent",
                            "isoloirPassphraseInvalid",
                            "isoloirPassphraseEmpty",
                            "isoloirSmsCode")
                    .hasSizeGreaterThan(12);

            assertThat(keys(LOGIN_FR)).as("fr").containsAll(used);
            assertThat(keys(LOGIN_EN)).as("en").containsAll(used);
        }

        @Test
        void holdEveryKeyTheLoginTemplatesUse() throws IOException {
            Set<String> used = keysIn(THEME.resolve("login"), ".ftl", TEMPLATE_KEY);
            assertThat(used).contains("isoloirCodeTitle", "isoloirPassphraseNewTitle");

            assertThat(keys(LOGIN_FR)).as("fr").containsAll(used);
            assertThat(keys(LOGIN_EN)).as("en").containsAll(used);
        }

        @Test
        void haveTheSameKeysAndTheSameParameters() {
            assertSameKeysAndParameters(LOGIN_FR, LOGIN_EN);
        }

        @Test
        void followFrenchTypographyAndMessageFormatQuoting() {
            assertFrenchTypography(LOGIN_FR);
            assertQuotingSurvivesMessageFormat(LOGIN_FR);
            assertQuotingSurvivesMessageFormat(LOGIN_EN);
        }
    }

    @Nested
    class TheEmailBundles {

        @Test
        void holdEveryKeyOfTheEmailTemplatesAndTheSubjects() throws IOException {
            Set<String> used = keysIn(THEME.resolve("email"), ".ftl", TEMPLATE_KEY);
            used.addAll(keysIn(SOURCES, ".java", EMAIL_KEY));
            assertThat(used).contains("isoloirCodeEmailSubject", "isoloirCodeEmailIntro");

            assertThat(keys(EMAIL_FR)).as("fr").containsAll(used);
            assertThat(keys(EMAIL_EN)).as("en").containsAll(used);
        }

        @Test
        void haveTheSameKeysAndTheSameParameters() {
            assertSameKeysAndParameters(EMAIL_FR, EMAIL_EN);
        }

        @Test
        void followFrenchTypographyAndMessageFormatQuoting() {
            assertFrenchTypography(EMAIL_FR);
            assertQuotingSurvivesMessageFormat(EMAIL_FR);
            assertQuotingSurvivesMessageFormat(EMAIL_EN);
        }
    }

    static void assertSameKeysAndParameters(Properties fr, Properties en) {
        assertThat(keys(en)).isEqualTo(keys(fr));
        Map<String, String> different = new TreeMap<>();
        for (String key : keys(fr)) {
            Set<Integer> frParameters = parameters(fr.getProperty(key));
            Set<Integer> enParameters = parameters(en.getProperty(key));
            if (!frParameters.equals(enParameters)) {
                different.put(key, "fr " + frParameters + ", en " + enParameters);
            }
        }
        assertThat(different).as("placeholders differ").isEmpty();
    }

    /** The argument indices a pattern uses; fails when MessageFormat cannot read it (unbalanced braces). */
    static Set<Integer> parameters(String pattern) {
        new MessageFormat(pattern, Locale.ROOT); // throws IllegalArgumentException on a broken pattern
        Set<Integer> used = new HashSet<>();
        Matcher matcher = Pattern.compile("\\{(\\d+)[,}]").matcher(pattern.replace("''", ""));
        while (matcher.find()) {
            used.add(Integer.parseInt(matcher.group(1)));
        }
        return used;
    }

    /**
     * A non-breaking space (U+00A0 or the narrow U+202F) before : ; ! ? and », after «
     * (straight apostrophes: see {@link #assertQuotingSurvivesMessageFormat}).
     */
    static void assertFrenchTypography(Properties bundle) {
        Map<String, String> wrong = new TreeMap<>();
        Pattern breakableSpace = Pattern.compile(" [:;!?»]|« ");
        Pattern missingSpace = Pattern.compile("[\\p{L}\\p{N}][;!?»]|«[\\p{L}\\p{N}{]");
        for (String key : keys(bundle)) {
            String text = bundle.getProperty(key);
            if (breakableSpace.matcher(text).find()) {
                wrong.put(key, "ordinary space where a non-breaking one belongs: " + text);
            } else if (missingSpace.matcher(text).find()) {
                wrong.put(key, "no space before ; ! ? » or after «: " + text);
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** A lone straight apostrophe starts a quoted section in MessageFormat: the rest of the text vanishes. */
    static void assertQuotingSurvivesMessageFormat(Properties bundle) {
        Map<String, String> wrong = new TreeMap<>();
        for (String key : keys(bundle)) {
            String text = bundle.getProperty(key);
            if (text.replace("''", "").contains("'")) {
                wrong.put(key, text);
            }
        }
        assertThat(wrong).as("single straight apostrophes (write '' or ’)").isEmpty();
    }
}
