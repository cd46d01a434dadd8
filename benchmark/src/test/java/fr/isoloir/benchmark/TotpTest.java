package fr.isoloir.benchmark;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TotpTest {

    /** RFC 6238 appendix B's SHA-1 seed. */
    private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void givesTheEightDigitCodesOfRfc6238AppendixB() {
        assertThat(Totp.code(SEED, Totp.step(59_000L, 30), 8)).isEqualTo("94287082");
        assertThat(Totp.code(SEED, Totp.step(1_111_111_109_000L, 30), 8)).isEqualTo("07081804");
        assertThat(Totp.code(SEED, Totp.step(1_111_111_111_000L, 30), 8)).isEqualTo("14050471");
        assertThat(Totp.code(SEED, Totp.step(1_234_567_890_000L, 30), 8)).isEqualTo("89005924");
        assertThat(Totp.code(SEED, Totp.step(2_000_000_000_000L, 30), 8)).isEqualTo("69279037");
        assertThat(Totp.code(SEED, Totp.step(20_000_000_000_000L, 30), 8)).isEqualTo("65353130");
    }

    @Test
    void sixDigitCodesAreTheLastSixOfTheRfcVectorsWithLeadingZerosKept() {
        assertThat(Totp.code(SEED, Totp.step(59_000L, 30), 6)).isEqualTo("287082");
        assertThat(Totp.code(SEED, Totp.step(1_111_111_109_000L, 30), 6)).isEqualTo("081804");
    }

    @Test
    void theStepChangesAtEachPeriodBoundary() {
        assertThat(Totp.step(29_999L, 30)).isZero();
        assertThat(Totp.step(30_000L, 30)).isEqualTo(1);
        assertThat(Totp.step(10_000L, 5)).isEqualTo(2);
    }
}
