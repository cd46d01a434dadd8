package fr.isoloir.identifier;

import fr.isoloir.identifier.UnambiguousAlphabet.Outcome;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnambiguousAlphabetTest {

    @Nested
    class TheSymbols {
        @Test
        void areThirtyOneDistinctDigitsAndCapitals() {
            assertThat(UnambiguousAlphabet.SIZE).isEqualTo(31);
            assertThat(UnambiguousAlphabet.SYMBOLS.chars().distinct().count()).isEqualTo(31);
            assertThat(UnambiguousAlphabet.SYMBOLS).matches("[2-9A-Z]+");
        }

        @Test
        void leaveOutEveryLookAlike() {
            assertThat(UnambiguousAlphabet.SYMBOLS).doesNotContain("0", "O", "1", "I", "L");
        }

        @Test
        void countAPrimeNumberSoTheCheckSymbolWorks() {
            assertThat(BigInteger.valueOf(UnambiguousAlphabet.SIZE).isProbablePrime(50))
                    .isTrue();
        }

        @Test
        void haveTheirPositionAsValueInBothCases() {
            for (int i = 0; i < UnambiguousAlphabet.SIZE; i++) {
                char symbol = UnambiguousAlphabet.symbol(i);
                assertThat(UnambiguousAlphabet.valueOf(symbol)).isEqualTo(i);
                assertThat(UnambiguousAlphabet.valueOf(Character.toLowerCase(symbol)))
                        .isEqualTo(i);
            }
            assertThat(UnambiguousAlphabet.valueOf('O')).isEqualTo(-1);
            assertThat(UnambiguousAlphabet.valueOf('é')).isEqualTo(-1);
            assertThatThrownBy(() -> UnambiguousAlphabet.symbol(31)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Nested
    class WhenGrouping {
        @Test
        void putsADashBetweenGroups() {
            assertThat(UnambiguousAlphabet.group("K7MQ4XPR2H9M", 4)).isEqualTo("K7MQ-4XPR-2H9M");
            assertThat(UnambiguousAlphabet.group("K7MQ4XPR2H", 5)).isEqualTo("K7MQ4-XPR2H");
        }
    }

    @Nested
    class WhenReading {
        @Test
        void keepsOnlyTheSymbolsInUpperCase() {
            var reading = UnambiguousAlphabet.read(" k7mq-4xpr.2h9m ", 12);
            assertThat(reading.outcome()).isEqualTo(Outcome.COMPLETE);
            assertThat(reading.symbols()).isEqualTo("K7MQ4XPR2H9M");
        }

        @Test
        void neverShowsTheSymbolsInToStringSinceTheyMayBeASecret() {
            assertThat(UnambiguousAlphabet.read("K7MQ4XPR2H", 10).toString()).doesNotContain("K7MQ4");
        }

        @Test
        void tellsLookAlikesFromOtherInvalidCharacters() {
            assertThat(UnambiguousAlphabet.isLookAlike("o")).isTrue();
            assertThat(UnambiguousAlphabet.isLookAlike("l")).isTrue();
            assertThat(UnambiguousAlphabet.isLookAlike("1")).isTrue();
            assertThat(UnambiguousAlphabet.isLookAlike("@")).isFalse();
            assertThat(UnambiguousAlphabet.isLookAlike(null)).isFalse();
        }
    }
}
