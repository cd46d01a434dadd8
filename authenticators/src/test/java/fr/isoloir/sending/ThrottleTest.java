package fr.isoloir.sending;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThrottleTest {

    static final Instant T0 = Instant.parse("2027-03-01T08:00:00Z");
    static final Duration TICK = Duration.ofSeconds(10);

    @Test
    void sixtyAMinuteWithTenSecondTicksSendsTenPerTick() {
        Throttle throttle = new Throttle(60, TICK);
        assertThat(throttle.allowance(0, null, T0).messages()).isEqualTo(10);
        assertThat(throttle.allowance(0, T0, T0.plusSeconds(10)).messages()).isEqualTo(10);
    }

    @Test
    void aSlowRateCarriesTheFractionSoThatItStillSendsOnAverage() {
        // 12 a minute with 2-second ticks: 0.4 message a tick, so one message every 5 seconds.
        Throttle throttle = new Throttle(12, Duration.ofSeconds(2));
        double credit = 0;
        Instant last = null;
        int total = 0;
        for (int tick = 1; tick <= 30; tick++) {
            Instant now = T0.plusSeconds(2L * tick);
            Throttle.Allowance allowance = throttle.allowance(credit, last, now);
            total += allowance.messages();
            credit = allowance.creditAfter(allowance.messages());
            last = now;
        }
        assertThat(total).isEqualTo(12); // 60 seconds at 12 a minute
    }

    @Test
    void aLongPauseOrARestartEarnsNoBurst() {
        Throttle throttle = new Throttle(600, TICK);
        Throttle.Allowance afterAnHour = throttle.allowance(0, T0, T0.plus(Duration.ofHours(1)));
        assertThat(afterAnHour.messages()).isEqualTo(100); // one tick's worth, not 36,000
    }

    @Test
    void unusedAllowanceIsNotBankedBeyondOneMessage() {
        Throttle.Allowance allowance = new Throttle(600, TICK).allowance(0, null, T0);
        assertThat(allowance.creditAfter(3)).isEqualTo(1.0);
        assertThat(allowance.creditAfter(100)).isZero();
    }

    @Test
    void aClockGoingBackwardsSendsNothingRatherThanFailing() {
        assertThat(new Throttle(60, TICK).allowance(0, T0, T0.minusSeconds(5)).messages())
                .isZero();
    }

    @Test
    void aRateBelowOneIsRefused() {
        assertThatThrownBy(() -> new Throttle(0, TICK)).isInstanceOf(IllegalArgumentException.class);
    }
}
