package fr.isoloir.passphrase;

import fr.isoloir.passphrase.PassphraseProblem.Reason;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.text.Normalizer;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeout;

class PassphraseRulesTest {

    static final PassphraseRules RULES = PassphraseRules.defaults();

    /** A valid identifier (K7MQ-4XPR-2H9M in display form). */
    static final String IDENTIFIER = "k7mq4xpr2h9m";

    /** More than 128 code points of ordinary French, with accents, nothing repetitive. */
    static final String LONG_TEXT = "Le vent du nord soufflait sur la plaine gelée tandis que les enfants rentraient "
            + "de l'école en chantant des airs anciens, un peu faux mais joyeux, et que leurs parents "
            + "préparaient déjà la soupe du soir près du feu.";

    static List<Reason> reasons(String passphrase) {
        return RULES.check(passphrase, IDENTIFIER).stream()
                .map(PassphraseProblem::reason)
                .toList();
    }

    static String firstCodePoints(String text, int count) {
        return text.substring(0, text.offsetByCodePoints(0, count));
    }

    static String nfd(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD);
    }

    @Nested
    class WhenNormalised {
        @Test
        void givesTheSameTextForComposedAndDecomposedAccents() {
            String composed = "Mes vacances à l'été 🌞";
            String decomposed = nfd(composed);
            assertThat(decomposed).isNotEqualTo(composed);
            assertThat(PassphraseRules.normalise(decomposed)).isEqualTo(PassphraseRules.normalise(composed));
        }

        @Test
        void changesNothingElse() {
            assertThat(PassphraseRules.normalise("  Deux Espaces  Et Des MAJUSCULES  "))
                    .isEqualTo("  Deux Espaces  Et Des MAJUSCULES  ");
        }
    }

    @Nested
    class WhenCountingLength {
        @Test
        void countsAnAccentedLetterOnceHoweverItIsTyped() {
            assertThat(PassphraseRules.length("é")).isEqualTo(1);
            assertThat(PassphraseRules.length("e\u0301")).isEqualTo(1);
        }

        @Test
        void countsAnEmojiOnceThoughItTakesTwoJavaChars() {
            assertThat("🌞".length()).isEqualTo(2);
            assertThat(PassphraseRules.length("🌞")).isEqualTo(1);
            assertThat(PassphraseRules.length("Mes vacances à l'été 🌞")).isEqualTo(22);
            assertThat(PassphraseRules.length(nfd("Mes vacances à l'été 🌞"))).isEqualTo(22);
        }

        @Test
        void countsEachCodePointOfAJoinedEmoji() {
            assertThat(PassphraseRules.length("👨\u200D👩\u200D👧")).isEqualTo(5);
        }
    }

    @Nested
    class WhenTooShort {
        @Test
        void refusesNineteenCodePointsEvenWhenJavaCountsMore() {
            String nineteen = "Un été à la mer 🌞🌊!";
            assertThat(nineteen.length()).isEqualTo(21);
            assertThat(nfd(nineteen).length()).isEqualTo(24);
            for (String typed : List.of(nineteen, nfd(nineteen))) {
                List<PassphraseProblem> problems = RULES.check(typed, IDENTIFIER);
                assertThat(problems).containsExactly(new PassphraseProblem(Reason.TOO_SHORT, List.of("20", "19")));
                assertThat(problems.getFirst().messageKey()).isEqualTo("passphraseTooShort");
            }
        }

        @Test
        void acceptsTwentyCodePoints() {
            assertThat(reasons("Un été à la mer 🌞🌊!!")).isEmpty();
            assertThat(reasons(nfd("Un été à la mer 🌞🌊!!"))).isEmpty();
            assertThat(reasons("Mes vacances à l'été 🌞")).isEmpty();
        }

        @Test
        void refusesNothingTyped() {
            assertThat(reasons("")).containsExactly(Reason.TOO_SHORT);
            assertThat(reasons(null)).containsExactly(Reason.TOO_SHORT);
        }

        @Test
        void followsTheMinimumGiven() {
            PassphraseRules sixteen = new PassphraseRules(16, 128, PassphraseBlocklist.bundled());
            assertThat(sixteen.check("ma tortue dort!!", null)).isEmpty();
            assertThat(sixteen.check("ma tortue dort!", null))
                    .containsExactly(new PassphraseProblem(Reason.TOO_SHORT, List.of("16", "15")));
        }
    }

    @Nested
    class WhenTooLong {
        @Test
        void acceptsOneHundredTwentyEightCodePoints() {
            assertThat(reasons(firstCodePoints(LONG_TEXT, 128))).isEmpty();
        }

        @Test
        void refusesOneHundredTwentyNineRatherThanTruncating() {
            List<PassphraseProblem> problems = RULES.check(firstCodePoints(LONG_TEXT, 129), IDENTIFIER);
            assertThat(problems).containsExactly(new PassphraseProblem(Reason.TOO_LONG, List.of("128", "129")));
            assertThat(problems.getFirst().messageKey()).isEqualTo("passphraseTooLong");
        }

        @Test
        void countsCodePointsNotJavaChars() {
            String emojiHeavy = firstCodePoints(LONG_TEXT, 100) + "🌞🌊🍀🎉🐱🚀🌈🍕🎵🐢".repeat(2) + "🦊🦉🐝🦋🐙🦀🐳🦔";
            assertThat(PassphraseRules.length(emojiHeavy)).isEqualTo(128);
            assertThat(emojiHeavy.length()).isGreaterThan(128);
            assertThat(reasons(emojiHeavy)).isEmpty();
        }

        @Test
        void rejectsAMegabyteWithoutLookingFurther() {
            String megabyte = LONG_TEXT.repeat(5_000);
            assertTimeout(
                    Duration.ofSeconds(1), () -> assertThat(reasons(megabyte)).containsExactly(Reason.TOO_LONG));
        }
    }

    @Nested
    class WhenItIsTheVoterGuideExample {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "Vive les élections du cse",
                    "Vive les élections du cse  ", // as printed in the guide, trailing spaces included
                    "vive les elections du cse",
                    "VIVE LES ÉLECTIONS DU CSE",
                    "Vive les élections du CSE !",
                    "vive-les-élections-du-cse",
                    "Vive  les   élections du cse",
                    "Vive les e\u0301lections du cse", // decomposed accent
                    "Vive les élections du cse 2026",
                    "Vive les élections professionnelles",
                })
        void refusesItAsBlocklisted(String typed) {
            List<PassphraseProblem> problems = RULES.check(typed, IDENTIFIER);
            assertThat(problems).extracting(PassphraseProblem::reason).containsExactly(Reason.BLOCKLISTED);
            assertThat(problems.getFirst().messageKey()).isEqualTo("passphraseBlocklisted");
        }

        @Test
        void acceptsItWithWordsOfTheVotersOwn() {
            assertThat(reasons("Vive les élections du cse et les crêpes de Mamie"))
                    .isEmpty();
        }
    }

    @Nested
    class WhenItContainsTheIdentifier {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "mon identifiant est k7mq4xpr2h9m",
                    "mon identifiant est K7MQ-4XPR-2H9M",
                    "mon identifiant est K7MQ 4XPR 2H9M !",
                    "K7MQ4XPR2H9M, voilà mon secret",
                    "mon identifiant est Ｋ７ＭＱ－４ＸＰＲ－２Ｈ９Ｍ",
                })
        void refusesIt(String typed) {
            List<PassphraseProblem> problems = RULES.check(typed, IDENTIFIER);
            assertThat(problems).extracting(PassphraseProblem::reason).containsExactly(Reason.CONTAINS_IDENTIFIER);
            assertThat(problems.getFirst().messageKey()).isEqualTo("passphraseContainsIdentifier");
        }

        @Test
        void findsItWhateverFormTheIdentifierIsGivenIn() {
            assertThat(RULES.check("mon identifiant est k7mq4xpr2h9m", "K7MQ-4XPR-2H9M"))
                    .extracting(PassphraseProblem::reason)
                    .containsExactly(Reason.CONTAINS_IDENTIFIER);
        }

        @Test
        void acceptsPartOfItOrAnotherVotersOrNoneKnown() {
            assertThat(reasons("mon identifiant commence par K7MQ-4XPR")).isEmpty();
            assertThat(RULES.check("mon identifiant est K7MQ-4XPR-2H9M", null)).isEmpty();
        }
    }

    @Nested
    class WhenTriviallyRepetitive {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "aaaaaaaaaaaaaaaaaaaaaaaa",
                    "ababababababababababab",
                    "ab ab ab ab ab ab ab ab ab ab",
                    "abcabcabcabcabcabcabcabc",
                    "1234567890123456789012",
                    "motdepasse motdepasse",
                    "Le chat dort. Le chat dort. Le chat dort.",
                    "abcdefghijklmnopqrstuvwxyz",
                    "98765432109876543210",
                    "aaaabbbbccccddddeeeeffff",
                    "🌞🌞🌞🌞🌞🌞🌞🌞🌞🌞🌞🌞🌞🌞🌞🌞🌞🌞🌞🌞",
                    "🌞🌊🍀🎉🐱🚀🌞🌊🍀🎉🐱🚀🌞🌊🍀🎉🐱🚀🌞🌊",
                })
        void refusesIt(String typed) {
            List<PassphraseProblem> problems = RULES.check(typed, IDENTIFIER);
            assertThat(problems).extracting(PassphraseProblem::reason).containsExactly(Reason.REPETITIVE);
            assertThat(problems.getFirst().messageKey()).isEqualTo("passphraseRepetitive");
        }

        @Test
        void saysBothWhenAlsoTooShort() {
            assertThat(reasons("aaaa")).containsExactly(Reason.TOO_SHORT, Reason.REPETITIVE);
        }
    }

    @Nested
    class WhenItIsAnOrdinaryPhrase {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "les girafes mangent des nuages roses", // no capital, no digit: no composition rules
                    "Mon chien Rex adore les croquettes au saumon",
                    "J'ai planté 3 tomates et 12 radis en avril",
                    "quatre chevaux bleus traversent la Loire",
                    "Ma grand-mère faisait des crêpes le dimanche",
                    "correct horse battery staple and a cup of tea",
                    "ÇA VA BIEN ALLER, PROMIS JURÉ CRACHÉ",
                    "🌞🌊🍀🎉🐱🚀🌈🍕🎵🐢🦊🦉🐝🦋🐙🦀🐳🦔🐧🦒",
                })
        void acceptsIt(String typed) {
            assertThat(reasons(typed)).isEmpty();
        }
    }

    @Nested
    class WhenConfirming {
        @Test
        void acceptsTheSamePhraseEvenInAnotherNormalForm() {
            String phrase = "Mes vacances à l'été 🌞";
            assertThat(RULES.check(phrase, nfd(phrase), IDENTIFIER)).isEmpty();
        }

        @Test
        void refusesADifferentConfirmation() {
            List<PassphraseProblem> problems =
                    RULES.check("Mes vacances à l'été 🌞", "Mes vacances à l'été 🌊", IDENTIFIER);
            assertThat(problems).extracting(PassphraseProblem::reason).containsExactly(Reason.MISMATCH);
            assertThat(problems.getFirst().messageKey()).isEqualTo("passphraseMismatch");
            assertThat(RULES.check("Mes vacances à l'été 🌞", null, IDENTIFIER))
                    .extracting(PassphraseProblem::reason)
                    .containsExactly(Reason.MISMATCH);
        }

        @Test
        void reportsTheMismatchAlongsideOtherProblems() {
            assertThat(RULES.check("trop court", "trop courte", IDENTIFIER))
                    .extracting(PassphraseProblem::reason)
                    .containsExactly(Reason.TOO_SHORT, Reason.MISMATCH);
        }
    }

    @Nested
    class WhenConfigured {
        @Test
        void refusesAMaximumBelowTheMinimum() {
            assertThatThrownBy(() -> new PassphraseRules(20, 19, PassphraseBlocklist.bundled()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new PassphraseRules(0, 19, PassphraseBlocklist.bundled()))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void defaultsToTwentyAndOneHundredTwentyEight() {
            assertThat(RULES.minLength()).isEqualTo(20);
            assertThat(RULES.maxLength()).isEqualTo(128);
        }

        @Test
        void givesEveryReasonItsMessageKey() {
            assertThat(List.of(Reason.values()))
                    .extracting(Reason::messageKey)
                    .containsExactly(
                            "passphraseTooShort",
                            "passphraseTooLong",
                            "passphraseContainsIdentifier",
                            "passphraseBlocklisted",
                            "passphraseRepetitive",
                            "passphraseMismatch");
        }
    }
}
