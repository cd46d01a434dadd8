package fr.isoloir.limits;

import fr.isoloir.limits.GuessingBudget.Entry;
import fr.isoloir.limits.GuessingBudget.Granted;
import fr.isoloir.limits.GuessingBudget.Limits;
import fr.isoloir.limits.GuessingBudget.Refused;
import fr.isoloir.limits.GuessingBudget.Scope;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuessingBudgetTest {

    /** 10:07 UTC: the quarter hour ends at 10:15, the day at midnight UTC. */
    Instant now = Instant.parse("2026-12-04T10:07:30Z");

    final InMemorySingleUseObjects store = new InMemorySingleUseObjects(() -> now);
    final Limits limits = Limits.DEFAULTS;

    Entry take(String identifier, String network) {
        return GuessingBudget.take(store, "realm", identifier, network, limits, now);
    }

    int grantsUntilRefused(String identifier, String network) {
        int granted = 0;
        while (take(identifier, network) instanceof Granted) {
            granted++;
        }
        return granted;
    }

    @Nested
    class OnOneNetwork {

        @Test
        void allowsTenPerQuarterHourThenRefusesUntilTheQuarterEnds() {
            assertThat(grantsUntilRefused("ID", "203.0.113.7")).isEqualTo(10);
            Refused refused = (Refused) take("ID", "203.0.113.7");
            assertThat(refused.scope()).isEqualTo(Scope.PER_NETWORK);
            assertThat(refused.until()).isEqualTo(Instant.parse("2026-12-04T10:15:00Z"));

            now = Instant.parse("2026-12-04T10:14:59Z");
            assertThat(take("ID", "203.0.113.7")).as("still the same window").isInstanceOf(Refused.class);
            now = Instant.parse("2026-12-04T10:15:00Z");
            assertThat(take("ID", "203.0.113.7")).as("the next window").isInstanceOf(Granted.class);
        }

        @Test
        void allowsThirtyPerDayThenRefusesUntilMidnightUtcNotJustTheQuarter() {
            int granted = 0;
            for (int quarter = 0; quarter < 4; quarter++) {
                granted += grantsUntilRefused("ID", "203.0.113.7");
                now = now.plus(Duration.ofMinutes(15));
            }
            assertThat(granted).isEqualTo(30);
            Refused refused = (Refused) take("ID", "203.0.113.7");
            assertThat(refused.scope()).isEqualTo(Scope.PER_NETWORK);
            assertThat(refused.until()).isEqualTo(Instant.parse("2026-12-05T00:00:00Z"));
        }

        @Test
        void givesTheQuarterHourEndWhenOnlyTheQuarterIsFullButTheDayEndWhenTheDayIsFullToo() {
            grantsUntilRefused("ID", "203.0.113.7");
            assertThat(((Refused) take("ID", "203.0.113.7")).until()).isEqualTo(Instant.parse("2026-12-04T10:15:00Z"));
            now = now.plus(Duration.ofMinutes(15));
            grantsUntilRefused("ID", "203.0.113.7");
            now = now.plus(Duration.ofMinutes(15));
            grantsUntilRefused("ID", "203.0.113.7");
            // The day's 30 are spent within the quarter: the quarter's end would be a false promise.
            assertThat(((Refused) take("ID", "203.0.113.7")).until()).isEqualTo(Instant.parse("2026-12-05T00:00:00Z"));
        }

        @Test
        void recordsEachLockoutOnceHoweverManyRequestsItRefuses() {
            grantsUntilRefused("ID", "203.0.113.7");
            assertThat(((Refused) take("ID", "203.0.113.7")).newLockout())
                    .isFalse(); // the loop's refusal was the first
            now = now.plus(Duration.ofMinutes(15));
            grantsUntilRefused("ID", "203.0.113.7");
            List<Boolean> firsts = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                firsts.add(((Refused) take("ID", "203.0.113.7")).newLockout());
            }
            assertThat(firsts).containsExactly(false, false, false, false, false);
        }

        @Test
        void theFirstRefusalOfALockoutIsTheNewOne() {
            for (int i = 0; i < 10; i++) {
                take("ID", "203.0.113.7");
            }
            assertThat(((Refused) take("ID", "203.0.113.7")).newLockout()).isTrue();
            assertThat(((Refused) take("ID", "203.0.113.7")).newLockout()).isFalse();
        }

        @Test
        void aRightAnswerGivesItsSlotBackSoOnlyWrongOnesCount() {
            for (int i = 0; i < 100; i++) {
                ((Granted) take("ID", "203.0.113.7")).giveBack(store);
            }
            assertThat(grantsUntilRefused("ID", "203.0.113.7")).isEqualTo(10);
        }

        @Test
        void neverGrantsMoreThanTheLimitToConcurrentRequests() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Callable<Entry>> requests = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    requests.add(() -> {
                        start.await();
                        return take("ID", "203.0.113.7");
                    });
                }
                List<Future<Entry>> answers = new ArrayList<>();
                requests.forEach(r -> answers.add(pool.submit(r)));
                start.countDown();
                int granted = 0;
                int newLockouts = 0;
                for (Future<Entry> answer : answers) {
                    Entry entry = answer.get();
                    granted += entry instanceof Granted ? 1 : 0;
                    newLockouts += entry instanceof Refused refused && refused.newLockout() ? 1 : 0;
                }
                assertThat(granted).isEqualTo(10);
                assertThat(newLockouts).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class AcrossNetworks {

        @Test
        void aLockedNetworkLeavesTheIdentifierOpenFromAnother() {
            grantsUntilRefused("ID", "203.0.113.7");
            assertThat(take("ID", "203.0.113.7")).isInstanceOf(Refused.class);
            assertThat(take("ID", "198.51.100.1")).isInstanceOf(Granted.class);
            assertThat(take("OTHER", "203.0.113.7")).as("another identifier").isInstanceOf(Granted.class);
        }

        @Test
        void oneNetworkCanNeverReachTheIdentifiersCap() {
            assertThat(limits.perNetworkPerDay()).isLessThan(limits.perIdentifierPerDay());
            assertThatThrownBy(() -> new Limits(10, 30, 20)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void capTheIdentifierAtOneHundredPerDayThenRefuseFromEveryNetworkUntilMidnightUtc() {
            int granted = 0;
            for (int network = 1; network <= 10; network++) {
                granted += grantsUntilRefused("ID", "192.0.2." + network);
            }
            assertThat(granted).isEqualTo(100);
            Refused refused = (Refused) take("ID", "198.51.100.1");
            assertThat(refused.scope()).isEqualTo(Scope.PER_IDENTIFIER);
            assertThat(refused.until()).isEqualTo(Instant.parse("2026-12-05T00:00:00Z"));
            assertThat(take("ID", "198.51.100.2")).isInstanceOf(Refused.class);
        }

        @Test
        void aNetworkRefusedByTheCapDoesNotSpendItsOwnAllowance() {
            for (int network = 1; network <= 10; network++) {
                grantsUntilRefused("ID", "192.0.2." + network);
            }
            take("ID", "198.51.100.1");
            now = Instant.parse("2026-12-05T00:00:00Z");
            assertThat(grantsUntilRefused("ID", "198.51.100.1")).isEqualTo(10);
        }
    }

    @Nested
    class TheEndOfALockout {

        @Test
        void isStatedInParisTimeInTheVotersLanguage() {
            Instant until = Instant.parse("2026-12-05T00:00:00Z");
            assertThat(VoterGuesses.until(until, Locale.FRENCH)).isEqualTo("5 décembre à 1h00");
            assertThat(VoterGuesses.until(until, Locale.ENGLISH)).isEqualTo("5 December at 01:00");
            assertThat(VoterGuesses.until(Instant.parse("2026-07-14T12:15:00Z"), Locale.FRENCH))
                    .as("summer time")
                    .isEqualTo("14 juillet à 14h15");
        }
    }
}
