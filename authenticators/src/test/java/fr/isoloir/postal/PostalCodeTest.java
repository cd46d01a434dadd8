package fr.isoloir.postal;

import fr.isoloir.identifier.UnambiguousAlphabet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

class PostalCodeTest {

    static PostalCode valid(String typed) {
        return PostalCode.parse(typed).code().orElseThrow();
    }

    static PostalCodeProblem problemOf(String typed) {
        return PostalCode.parse(typed).problem().orElseThrow();
    }

    @Nested
    class WhenGenerated {
        @Test
        void isTenSymbolsOfTheSharedAlphabetInTwoGroupsOfFive() {
            PostalCode code = PostalCode.generate(new SecureRandom());
            assertThat(code.canonical()).hasSize(10);
            assertThat(code.canonical().chars()).allMatch(c -> UnambiguousAlphabet.SYMBOLS.indexOf(c) >= 0);
            assertThat(code.display()).matches("[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}");
        }

        @Test
        void carriesMoreThanTheFortyBitsRequired() {
            double bits = PostalCode.LENGTH * Math.log(UnambiguousAlphabet.SIZE) / Math.log(2);
            assertThat(bits).isGreaterThan(49).isGreaterThanOrEqualTo(40);
        }

        @Test
        void parsesBackToItself() {
            SecureRandom random = new SecureRandom();
            Set<PostalCode> seen = new HashSet<>();
            for (int i = 0; i < 2_000; i++) {
                PostalCode code = PostalCode.generate(random);
                assertThat(valid(code.display())).isEqualTo(code);
                assertThat(valid(code.canonical().toLowerCase())).isEqualTo(code);
                seen.add(code);
            }
            assertThat(seen).hasSize(2_000);
        }

        @Test
        void neverShowsItselfInToString() {
            PostalCode code = valid("K7MQ4-XPR2H");
            assertThat(code.toString()).doesNotContain("K7MQ4").doesNotContain("XPR2H");
            assertThat(PostalCode.parse("K7MQ4-XPR2H").toString()).doesNotContain("K7MQ4");
        }
    }

    @Nested
    class WhenTypedLoosely {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "K7MQ4-XPR2H",
                    "k7mq4xpr2h",
                    "K7MQ4 XPR2H",
                    " k7mq4\u2013xpr2h ",
                    "K7MQ4\u00A0XPR2H",
                    "K7-MQ-4X-PR-2H",
                    "\uFF2B\uFF17\uFF2D\uFF31\uFF14\uFF38\uFF30\uFF32\uFF12\uFF28"
                })
        void readsTheSameCode(String typed) {
            assertThat(valid(typed).canonical()).isEqualTo("K7MQ4XPR2H");
        }
    }

    @Nested
    class WhenTheShapeIsWrong {
        @Test
        void namesEachProblemWithItsMessageKey() {
            assertThat(problemOf("  ")).isEqualTo(PostalCodeProblem.EMPTY);
            assertThat(problemOf("K7MQ4-XPR2")).isEqualTo(PostalCodeProblem.TOO_SHORT);
            assertThat(problemOf("K7MQ4-XPR2H-2")).isEqualTo(PostalCodeProblem.TOO_LONG);
            assertThat(problemOf("K7MQ4-XPR2O")).isEqualTo(PostalCodeProblem.INVALID_CHARACTER);
            assertThat(PostalCodeProblem.EMPTY.messageKey()).isEqualTo("postalCodeEmpty");
            assertThat(PostalCodeProblem.TOO_SHORT.messageKey()).isEqualTo("postalCodeTooShort");
            assertThat(PostalCodeProblem.TOO_LONG.messageKey()).isEqualTo("postalCodeTooLong");
            assertThat(PostalCodeProblem.INVALID_CHARACTER.messageKey()).isEqualTo("postalCodeInvalidCharacter");
        }

        @Test
        void saysThatNeitherONorZeroExists() {
            var result = (PostalCodeParseResult.Invalid) PostalCode.parse("K7MQ4-XPR20");
            assertThat(result.character()).isEqualTo("0");
            assertThat(result.messageKey()).isEqualTo("postalCodeLookAlikeCharacter");
            assertThat(result.messageParameters()).containsExactly("0");
        }

        @Test
        void rejectsAMegabyteAtOnce() {
            String megabyte = "K".repeat(1 << 20);
            assertTimeout(
                    Duration.ofSeconds(1), () -> assertThat(problemOf(megabyte)).isEqualTo(PostalCodeProblem.TOO_LONG));
        }
    }
}
