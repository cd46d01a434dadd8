package fr.isoloir.limits;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FixedWindowTest {

    final FixedWindow quarter = new FixedWindow("k", 10, Duration.ofMinutes(15));

    @Nested
    class AWindow {

        @Test
        void startsAtAWholeMultipleOfItsLengthAndEndsWhereTheNextStarts() {
            Instant inside = Instant.parse("2026-12-04T10:07:30Z");
            assertThat(quarter.endAt(inside)).isEqualTo(Instant.parse("2026-12-04T10:15:00Z"));
            assertThat(quarter.endAt(Instant.parse("2026-12-04T10:15:00Z")))
                    .isEqualTo(Instant.parse("2026-12-04T10:30:00Z"));
        }

        @Test
        void hasOneKeyForAllItsInstantsAndAnotherForTheNextWindow() {
            assertThat(quarter.keyAt(Instant.parse("2026-12-04T10:00:00Z")))
                    .isEqualTo(quarter.keyAt(Instant.parse("2026-12-04T10:14:59Z")))
                    .isNotEqualTo(quarter.keyAt(Instant.parse("2026-12-04T10:15:00Z")))
                    .startsWith("k@");
        }

        @Test
        void keepsItsSlotsUntilItEndsAndAMinuteMore() {
            assertThat(quarter.lifespanAt(Instant.parse("2026-12-04T10:14:00Z")))
                    .isEqualTo(Duration.ofMinutes(2));
        }
    }
}
