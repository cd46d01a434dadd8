package fr.isoloir.identifier;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

class VoterIdentifierTest {

    /** A valid identifier, its check symbol worked out by hand: 1·K + 2·7 + … + 11·9 ≡ M (mod 31). */
    static final String KNOWN = "K7MQ-4XPR-2H9M";

    /** Deterministic, so that a failure can be replayed; SHA1PRNG seeded before first use never self-seeds. */
    static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static VoterIdentifier valid(String typed) {
        return VoterIdentifier.parse(typed).identifier().orElseThrow();
    }

    static List<VoterIdentifier> someIdentifiers() {
        SecureRandom random = seeded(2026);
        List<VoterIdentifier> identifiers = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            identifiers.add(VoterIdentifier.generate(random));
        }
        return identifiers;
    }

    static IdentifierProblem problemOf(String typed) {
        return VoterIdentifier.parse(typed).problem().orElseThrow();
    }

    @Nested
    class WhenGenerated {
        @Test
        void alwaysParsesBackToItself() {
            SecureRandom random = new SecureRandom();
            for (int i = 0; i < 2_000; i++) {
                VoterIdentifier identifier = VoterIdentifier.generate(random);
                assertThat(VoterIdentifier.parse(identifier.display()).identifier())
                        .contains(identifier);
                assertThat(VoterIdentifier.parse(identifier.username()).identifier())
                        .contains(identifier);
            }
        }

        @Test
        void isTwelveSymbolsShownInThreeGroupsOfFour() {
            VoterIdentifier identifier = VoterIdentifier.generate(new SecureRandom());
            assertThat(identifier.display()).matches("[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}");
            assertThat(identifier.username()).matches("[2-9a-hjkmnp-z]{12}");
        }

        @Test
        void differsFromOneGenerationToTheNext() {
            SecureRandom random = new SecureRandom();
            Set<VoterIdentifier> seen = new HashSet<>();
            for (int i = 0; i < 10_000; i++) {
                seen.add(VoterIdentifier.generate(random));
            }
            assertThat(seen).hasSize(10_000);
        }
    }

    @Nested
    class WhenShown {
        @Test
        void usesTheLowerCaseCanonicalFormAsKeycloakUsername() {
            assertThat(valid(KNOWN).username()).isEqualTo("k7mq4xpr2h9m");
        }

        @Test
        void displaysGroupsInUpperCaseAlsoInToString() {
            assertThat(valid("k7mq4xpr2h9m").display()).isEqualTo(KNOWN);
            assertThat(valid("k7mq4xpr2h9m")).hasToString(KNOWN);
        }

        @Test
        void equalsWhateverTheTyping() {
            assertThat(valid("k7mq 4xpr 2h9m")).isEqualTo(valid(KNOWN)).hasSameHashCodeAs(valid(KNOWN));
        }
    }

    @Nested
    class WhenTheCheckCharacterIsWrong {
        @Test
        void reportsATypoBeforeAnyLookup() {
            var result = VoterIdentifier.parse("K7MQ-4XPR-2H9N");
            assertThat(result.problem()).contains(IdentifierProblem.WRONG_CHECK);
            assertThat(((ParseResult.Invalid) result).messageKey()).isEqualTo("identifierTypo");
        }

        @Test
        void catchesEverySingleSubstitution() {
            int tried = 0;
            for (VoterIdentifier identifier : someIdentifiers()) {
                char[] symbols = identifier.username().toUpperCase().toCharArray();
                for (int position = 0; position < symbols.length; position++) {
                    char original = symbols[position];
                    for (char replacement : UnambiguousAlphabet.SYMBOLS.toCharArray()) {
                        if (replacement == original) {
                            continue;
                        }
                        symbols[position] = replacement;
                        assertThat(problemOf(new String(symbols)))
                                .as("%s with %c at %d", identifier, replacement, position)
                                .isEqualTo(IdentifierProblem.WRONG_CHECK);
                        tried++;
                    }
                    symbols[position] = original;
                }
            }
            assertThat(tried).isEqualTo(25 * 12 * 30);
        }

        @Test
        void catchesEveryTranspositionAdjacentOrNotIncludingTheCheckSymbol() {
            int tried = 0;
            for (VoterIdentifier identifier : someIdentifiers()) {
                String symbols = identifier.username().toUpperCase();
                for (int i = 0; i < symbols.length(); i++) {
                    for (int j = i + 1; j < symbols.length(); j++) {
                        if (symbols.charAt(i) == symbols.charAt(j)) {
                            continue; // swapping equal symbols changes nothing
                        }
                        char[] swapped = symbols.toCharArray();
                        swapped[i] = symbols.charAt(j);
                        swapped[j] = symbols.charAt(i);
                        assertThat(problemOf(new String(swapped)))
                                .as("%s with %d and %d swapped", identifier, i, j)
                                .isEqualTo(IdentifierProblem.WRONG_CHECK);
                        tried++;
                    }
                }
            }
            assertThat(tried).isGreaterThan(25 * 60);
        }
    }

    @Nested
    class WhenTypedLoosely {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "K7MQ-4XPR-2H9M",
                    "k7mq-4xpr-2h9m",
                    "K7MQ4XPR2H9M",
                    "K7MQ 4XPR 2H9M",
                    "  k7mq4xpr2h9m\t\n",
                    "K7MQ.4XPR.2H9M",
                    "K7MQ_4XPR_2H9M",
                    "K.7.M.Q 4-X-P-R 2_H_9_M",
                    "K7MQ\u20134XPR\u20142H9M", // en dash, em dash
                    "K7MQ\u22124XPR\u20112H9M", // minus sign, non-breaking hyphen
                    "K7MQ\u00A04XPR\u202F2H9M", // non-breaking space, narrow no-break space
                    "K7MQ\u200B4XPR\u00AD2H9M", // zero-width space, soft hyphen from a copy-paste
                    "\uFF2B\uFF17\uFF2D\uFF31\uFF0D\uFF14\uFF38\uFF30\uFF32\uFF0D\uFF12\uFF28\uFF19\uFF2D", // fullwidth
                    "\u00ABK7MQ-4XPR-2H9M\u00BB", // French quotes around it
                    "(K7MQ-4XPR-2H9M)",
                    "K7MQ/4XPR/2H9M",
                })
        void readsTheSameIdentifier(String typed) {
            assertThat(VoterIdentifier.parse(typed).identifier()).contains(valid(KNOWN));
        }
    }

    @Nested
    class WhenNothingIsTyped {
        @ParameterizedTest
        @ValueSource(strings = {"", "   ", " - - ", "\u00A0"})
        void saysSo(String typed) {
            assertThat(problemOf(typed)).isEqualTo(IdentifierProblem.EMPTY);
            assertThat(IdentifierProblem.EMPTY.messageKey()).isEqualTo("identifierEmpty");
        }

        @Test
        void acceptsNull() {
            assertThat(problemOf(null)).isEqualTo(IdentifierProblem.EMPTY);
        }
    }

    @Nested
    class WhenTheLengthIsWrong {
        @Test
        void reportsElevenSymbolsAsTooShort() {
            assertThat(problemOf("K7MQ-4XPR-2H9")).isEqualTo(IdentifierProblem.TOO_SHORT);
            assertThat(IdentifierProblem.TOO_SHORT.messageKey()).isEqualTo("identifierTooShort");
        }

        @Test
        void reportsThirteenSymbolsAsTooLong() {
            assertThat(problemOf("K7MQ-4XPR-2H9M-2")).isEqualTo(IdentifierProblem.TOO_LONG);
            assertThat(IdentifierProblem.TOO_LONG.messageKey()).isEqualTo("identifierTooLong");
        }

        @Test
        void refusesMoreThanSixtyFourCharactersEvenOfSeparators() {
            assertThat(problemOf("K7MQ-4XPR-2H9M" + " ".repeat(51))).isEqualTo(IdentifierProblem.TOO_LONG);
            assertThat(VoterIdentifier.parse("K7MQ-4XPR-2H9M" + " ".repeat(50)).isValid())
                    .isTrue();
        }

        @Test
        void rejectsAMegabyteAtOnce() {
            String megabyte = "K7MQ-".repeat(210_000);
            assertTimeout(
                    Duration.ofSeconds(1), () -> assertThat(problemOf(megabyte)).isEqualTo(IdentifierProblem.TOO_LONG));
        }
    }

    @Nested
    class WhenACharacterIsNotInTheAlphabet {
        @ParameterizedTest
        @ValueSource(strings = {"O", "o", "0", "I", "i", "1", "L", "l"})
        void saysThatNoLookAlikeExists(String lookAlike) {
            var result = (ParseResult.Invalid) VoterIdentifier.parse("K7MQ-4XPR-2H9" + lookAlike);
            assertThat(result.reason()).isEqualTo(IdentifierProblem.INVALID_CHARACTER);
            assertThat(result.character()).isEqualTo(lookAlike);
            assertThat(result.isLookAlike()).isTrue();
            assertThat(result.messageKey()).isEqualTo("identifierLookAlikeCharacter");
            assertThat(result.messageParameters()).containsExactly(lookAlike);
        }

        @Test
        void namesAnyOtherCharacter() {
            var result = (ParseResult.Invalid) VoterIdentifier.parse("K7MQ-4XPR-2H9€");
            assertThat(result.reason()).isEqualTo(IdentifierProblem.INVALID_CHARACTER);
            assertThat(result.isLookAlike()).isFalse();
            assertThat(result.messageKey()).isEqualTo("identifierInvalidCharacter");
            assertThat(result.messageParameters()).containsExactly("€");
            assertThat(((ParseResult.Invalid) VoterIdentifier.parse("K7MQ+4XPR+2H9M")).character())
                    .isEqualTo("+");
        }

        @Test
        void namesAccentedLettersAndEmojiAsTheyAre() {
            assertThat(((ParseResult.Invalid) VoterIdentifier.parse("K7MQ-4XPR-2H9É")).character())
                    .isEqualTo("É");
            assertThat(((ParseResult.Invalid) VoterIdentifier.parse("K7MQ-4XPR-2H9🌞")).character())
                    .isEqualTo("🌞");
        }

        @Test
        void namesInvisibleCharactersByTheirCodePoint() {
            assertThat(((ParseResult.Invalid) VoterIdentifier.parse("K7MQ\u00074XPR2H9M")).character())
                    .isEqualTo("U+0007");
        }

        @Test
        void pointsAtTheCharacterRatherThanTheLength() {
            // "0" typed for "O"… which does not exist either: saying so helps more than "too short"
            assertThat(problemOf("K7M0")).isEqualTo(IdentifierProblem.INVALID_CHARACTER);
        }
    }
}
