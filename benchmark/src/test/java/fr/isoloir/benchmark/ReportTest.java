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

    private static Report.LoginFigures figures(double voter, double stock, double threeStep, double voterCpu) {
        return new Report.LoginFigures("postgres", 2, voter, stock, threeStep, voterCpu, 0.04, 0.05);
    }

    @Test
    void theVoterPeakIsComparedWithBothAnchorsAgainstTheirOwnTargets() {
        Report.LoginFigures f = figures(30, 40, 30, 0.05);
        assertThat(f.voterOverStock()).isEqualTo(0.75);
        assertThat(f.voterOverThreeStep()).isEqualTo(1.0);
        assertThat(Report.target(f.voterOverStock(), Report.RATIO_TARGET)).isEqualTo("0.75 (MISSES)");
        assertThat(Report.target(f.voterOverThreeStep(), Report.THREE_STEP_RATIO_TARGET))
                .isEqualTo("1.00 (meets)");
        assertThat(figures(30, 40, 0, 0.05).voterOverThreeStep()).isNaN();
    }

    @Test
    void theFourNodePredictionIsCoresOverCpuPerVoterLogin() {
        assertThat(figures(30, 40, 30, 0.05).predictedVoterLogins(4, 4)).isEqualTo(320.0);
        assertThat(figures(30, 40, 30, Double.NaN).predictedVoterLogins(4, 4)).isNaN();
    }

    @Test
    void aDurationIsPrintedAgainstItsTargetOrAsADashWhenThePartDidNotRun() {
        assertThat(Report.seconds(41.25, Report.IMPORT_TARGET_S)).isEqualTo("41.3 s (target < 60 s: meets)");
        assertThat(Report.seconds(75, Report.LETTERS_TARGET_S)).isEqualTo("75.0 s (target < 60 s: MISSES)");
        assertThat(Report.seconds(Double.NaN, Report.PREPARE_TARGET_S)).isEqualTo("–");
    }

    @Test
    void thePeakIsTheLevelWithTheMostLoginsPerSecond() {
        Runner.Tally slow = new Runner.Tally("voter", 1);
        slow.completed.set(10);
        slow.wallNanos = 10_000_000_000L;
        Runner.Tally fast = new Runner.Tally("voter", 4);
        fast.completed.set(50);
        fast.wallNanos = 10_000_000_000L;
        assertThat(Report.peak(java.util.List.of(slow, fast))).isSameAs(fast);
    }

    @Test
    void theLimitIsTheLargestSizeCompletedAndNamesTheFirstFailure(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Report report = new Report(dir.resolve("r.md"));
        report.add(new Report.BulkFigures("postgres", 100_000, 50, 20, 40, 800L << 20, null));
        report.add(new Report.BulkFigures("postgres", 200_000, 100, 40, 80, 1500L << 20, null));
        report.add(new Report.BulkFigures("postgres", 400_000, Double.NaN, Double.NaN, Double.NaN, 0, "HTTP 413"));
        assertThat(report.limit("postgres"))
                .hasValueSatisfying(
                        line -> assertThat(line).contains("200000 voters").contains("400000 failed: HTTP 413"));
        assertThat(report.limit("h2")).isEmpty();
    }

    @Test
    void aSingleCompletedSizeIsNoLimitSearch(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Report report = new Report(dir.resolve("r.md"));
        report.add(new Report.BulkFigures("h2", 100_000, 50, 20, 40, 800L << 20, null));
        assertThat(report.limit("h2")).isEmpty();
    }
}
