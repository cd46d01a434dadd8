package fr.isoloir.demo.site;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiringMapTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-03-12T08:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final HandClock clock = new HandClock();
    private final ExpiringMap<String> map = new ExpiringMap<>(Duration.ofMinutes(10), 3, clock);

    @Nested
    class KeepsAnEntry {

        @Test
        void untilItExpires() {
            map.put("state", "nonce");
            clock.advance(Duration.ofMinutes(10).minusSeconds(1));
            assertThat(map.get("state")).isEqualTo("nonce");

            clock.advance(Duration.ofSeconds(1));
            assertThat(map.get("state")).isNull();
            assertThat(map.size()).isZero();
        }

        @Test
        void forOneTakeOnly() {
            map.put("state", "nonce");

            assertThat(map.take("state")).isEqualTo("nonce");
            assertThat(map.take("state")).isNull();
        }

        @Test
        void butNotANullKey() {
            assertThat(map.get(null)).isNull();
        }
    }

    @Nested
    class WhenFull {

        @Test
        void dropsTheOldestEntries() {
            for (String key : new String[] {"a", "b", "c", "d"}) {
                map.put(key, key.toUpperCase());
            }

            assertThat(map.size()).isEqualTo(3);
            assertThat(map.get("a")).isNull();
            assertThat(map.get("d")).isEqualTo("D");
        }
    }
}
