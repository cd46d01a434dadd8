package fr.isoloir.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    @Test
    void ratioIsVoterOverStockAndUndefinedWithoutStockLogins() {
        assertThat(Report.ratio(9, 10)).isEqualTo(0.9);
        assertThat(Report.ratio(5, 0)).isNaN();
    }

    @Test
    void figuresAreRoundedAndMissingOnesShownAsADash() {
        assertThat(Report.number(3.14159, 2)).isEqualTo("3.14");
        assertThat(Report.number(Double.NaN, 1)).isEqualTo("–");
        assertThat(Report.ms(new long[] {1_500_000, 2_500_000}, 50)).isEqualTo("1.5");
    }

    @Test
    void verdictSaysWhetherATargetIsMet() {
        assertThat(Report.verdict(Report.ratio(0.95, 1) >= Report.RATIO_TARGET)).isEqualTo("meets");
        assertThat(Report.verdict(Report.ratio(0.85, 1) >= Report.RATIO_TARGET)).isEqualTo("MISSES");
    }
}
