package fr.isoloir.code;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionCodeTest {

    /** Deterministic, so the counts below are the same on every run: no flaky statistics. */
    static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    class WhenGenerated {
        @Test
        void hasSixAsciiDigitsByDefault() {
            ConnectionCode code = ConnectionCode.generate(new SecureRandom());
            assertThat(code.digits()).matches("[0-9]{6}");
            assertThat(code.length()).isEqualTo(6);
        }

        @ParameterizedTest
        @ValueSource(ints = {6, 7, 8, 9, 10})
        void hasTheAskedNumberOfDigits(int length) {
            assertThat(ConnectionCode.generate(new SecureRandom(), length).digits())
                    .matches("[0-9]{" + length + "}");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 5, 11})
        void refusesLengthsOutsideSixToTen(int length) {
            assertThatThrownBy(() -> ConnectionCode.generate(new SecureRandom(), length))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void drawsEveryDigitEvenlyAtEveryPositionLeadingZerosIncluded() {
            SecureRandom random = seeded(42);
            int codes = 100_000;
            int[][] counts = new int[6][10];
            for (int i = 0; i < codes; i++) {
                String digits = ConnectionCode.generate(random).digits();
                for (int position = 0; position < 6; position++) {
                    counts[position][digits.charAt(position) - '0']++;
                }
            }
            // expected 10 000 each, standard deviation about 95: ±5 % is over five deviations
            for (int position = 0; position < 6; position++) {
                for (int digit = 0; digit < 10; digit++) {
                    assertThat(counts[position][digit])
                            .as("digit %d at %d", digit, position)
                            .isBetween(9_500, 10_500);
                }
            }
        }

        @Test
        void neverShowsItselfInToString() {
            ConnectionCode code = ConnectionCode.generate(new SecureRandom());
            assertThat(code.toString()).doesNotContain(code.digits()).contains("6 digits");
        }
    }

    @Nested
    class WhenTyped {
        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                value = {
                    "123456 | 123456",
                    "123 456 | 123456",
                    "12-34-56 | 123456",
                    "' 123456 ' | 123456",
                    "123\u00A0456 | 123456", // non-breaking space
                    "123\u202F456 | 123456", // narrow no-break space
                    "123\u2013456 | 123456", // en dash
                    "\u0661\u0662\u0663\u0664\u0665\u0666 | 123456", // Arabic-Indic digits
                    "\u06F1\u06F2\u06F3\u06F4\u06F5\u06F6 | 123456", // Extended Arabic-Indic (Persian) digits
                    "\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16 | 123456", // fullwidth digits
                    "0123456789 | 0123456789",
                })
        void becomesAsciiDigits(String typed, String digits) {
            assertThat(ConnectionCode.normalise(typed)).contains(digits);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "12345a", "123.456", "123,456", "+123456", "１２３ABC", "12³456"})
        void isRefusedWithAnythingElse(String typed) {
            assertThat(ConnectionCode.normalise(typed)).isEmpty();
        }

        @Test
        void isRefusedWhenNullOrHuge() {
            assertThat(ConnectionCode.normalise(null)).isEmpty();
            assertThat(ConnectionCode.normalise("1".repeat(65))).isEmpty();
            assertThat(ConnectionCode.normalise("1".repeat(1 << 20))).isEmpty();
            assertThat(ConnectionCode.MESSAGE_INVALID_FORMAT).isEqualTo("codeInvalidFormat");
        }
    }
}
