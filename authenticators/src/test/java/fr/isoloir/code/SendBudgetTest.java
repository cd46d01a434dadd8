package fr.isoloir.code;

import fr.isoloir.limits.InMemorySingleUseObjects;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SendBudgetTest {

    Instant now = Instant.parse("2026-12-04T10:07:30Z");
    final InMemorySingleUseObjects store = new InMemorySingleUseObjects(() -> now);
    final ConnectionCodeConfig config = ConnectionCodeConfig.DEFAULTS;

    Optional<SendBudget.Refusal> send(String network) {
        return SendBudget.take(store, "realm", "ID", network, config);
    }

    int sendsUntilRefused(String network) {
        int sent = 0;
        while (send(network).isEmpty()) {
            sent++;
        }
        return sent;
    }

    @Nested
    class FromOneNetwork {

        @Test
        void allowsThreeCodesPer15MinutesAndTenPerDay() {
            assertThat(sendsUntilRefused("203.0.113.7")).isEqualTo(3);
            assertThat(send("203.0.113.7")).contains(SendBudget.Refusal.SHORT_WINDOW);
            int sent = 3;
            for (int quarter = 1; quarter < 8; quarter++) {
                now = now.plus(Duration.ofMinutes(16));
                sent += sendsUntilRefused("203.0.113.7");
            }
            assertThat(sent).isEqualTo(10);
            assertThat(send("203.0.113.7")).contains(SendBudget.Refusal.DAY);
        }

        @Test
        void leavesTheVoterCodesFromAnotherNetwork() {
            sendsUntilRefused("203.0.113.7");
            assertThat(send("198.51.100.1")).isEmpty();
        }
    }

    @Nested
    class AcrossNetworks {

        @Test
        void capTheIdentifierAtThirtyPerDayThenRefuseEveryNetworkForTheDay() {
            int sent = 0;
            for (int network = 1; network <= 20; network++) {
                sent += sendsUntilRefused("192.0.2." + network);
            }
            assertThat(sent).isEqualTo(30);
            assertThat(send("198.51.100.1")).contains(SendBudget.Refusal.IDENTIFIER_DAY);
        }

        @Test
        void aRefusalSpendsNothingFromTheOtherBudgets() {
            for (int network = 1; network <= 10; network++) {
                sendsUntilRefused("192.0.2." + network);
            }
            // Refused by the identifier's cap 50 times: the network's own budget is untouched.
            for (int i = 0; i < 50; i++) {
                send("198.51.100.1");
            }
            now = now.plus(Duration.ofDays(1)).plusSeconds(1);
            assertThat(sendsUntilRefused("198.51.100.1")).isEqualTo(3);
        }
    }

    @Nested
    class TheConfig {

        @Test
        void keepsTheIdentifiersCapAboveOneNetworksDailyBudget() {
            ConnectionCodeConfig config = ConnectionCodeConfig.of(new org.keycloak.models.AuthenticatorConfigModel() {
                {
                    setConfig(java.util.Map.of(
                            ConnectionCodeConfig.SENDS_PER_DAY,
                            "50",
                            ConnectionCodeConfig.SENDS_PER_DAY_PER_IDENTIFIER,
                            "20"));
                }
            });
            assertThat(config.sendsPerDayPerIdentifier()).isGreaterThan(config.sendsPerDay());
        }
    }
}
