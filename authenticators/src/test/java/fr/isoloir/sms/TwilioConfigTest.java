package fr.isoloir.sms;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TwilioConfigTest {

    static final Map<String, String> COMPLETE = Map.of(
            "account-sid", "AC0123456789abcdef0123456789abcdef",
            "auth-token", "tok-5ecret",
            "from", "ISOLOIR");

    static Map<String, String> complete(String key, String value) {
        Map<String, String> options = new HashMap<>(COMPLETE);
        options.put(key, value);
        return options;
    }

    @Nested
    class WhenOnlyTheAccountIsGiven {

        @Test
        void usesTheRealTwilioApiAndBoundedTimeouts() {
            TwilioConfig config = TwilioConfig.from(COMPLETE);

            assertThat(config.isConfigured()).isTrue();
            assertThat(config.apiBaseUrl()).isEqualTo(URI.create("https://api.twilio.com"));
            assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(2000));
            assertThat(config.readTimeout()).isEqualTo(Duration.ofMillis(5000));
            assertThat(config.from()).isEqualTo("ISOLOIR");
        }
    }

    @Nested
    class WhenNothingIsGiven {

        @Test
        void isNotConfiguredButValid() {
            TwilioConfig config = TwilioConfig.from(MapConfigScope.of());

            assertThat(config.isConfigured()).isFalse();
        }

        @Test
        void treatsBlankValuesAsUnset() {
            // KC_SPI_SMS_SENDER__TWILIO__ACCOUNT_SID= in a .env file must not count as a configured account.
            assertThat(TwilioConfig.from(Map.of("account-sid", "  ")).isConfigured())
                    .isFalse();
        }
    }

    @Nested
    class WhenTimeoutsAreGiven {

        @Test
        void readsThemInMilliseconds() {
            Map<String, String> options = complete("connect-timeout-ms", "750");
            options.put("read-timeout-ms", "1200");

            TwilioConfig config = TwilioConfig.from(options);

            assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(750));
            assertThat(config.readTimeout()).isEqualTo(Duration.ofMillis(1200));
        }

        @Test
        void refusesANonPositiveOrNonNumericValueNamingTheOption() {
            assertThatThrownBy(() -> TwilioConfig.from(complete("read-timeout-ms", "0")))
                    .hasMessageContaining("--spi-sms-sender--twilio--read-timeout-ms");
            assertThatThrownBy(() -> TwilioConfig.from(complete("connect-timeout-ms", "2s")))
                    .hasMessageContaining("--spi-sms-sender--twilio--connect-timeout-ms");
        }
    }

    @Nested
    class WhenABaseUrlIsGiven {

        @Test
        void dropsATrailingSlash() {
            assertThat(TwilioConfig.from(complete("api-base-url", "http://localhost:8089/"))
                            .apiBaseUrl())
                    .isEqualTo(URI.create("http://localhost:8089"));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "http://localhost:8089",
                    "http://127.0.0.1:8089",
                    "http://[::1]:8089",
                    "https://twilio.relay.example"
                })
        void acceptsHttpsAnywhereAndPlainHttpOnlyToThisMachine(String url) {
            assertThat(TwilioConfig.from(complete("api-base-url", url)).apiBaseUrl())
                    .isEqualTo(URI.create(url));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "http://api.twilio.com",
                    "http://10.0.0.5:8080",
                    "http://localhost.evil.example",
                    "http://127.0.0.1.nip.io"
                })
        void refusesPlainHttpAcrossANetworkSinceTheCredentialsWouldTravelInClear(String url) {
            assertThatThrownBy(() -> TwilioConfig.from(complete("api-base-url", url)))
                    .hasMessageContaining("must use https");
        }

        @Test
        void refusesSomethingThatIsNotAnHttpUrl() {
            assertThatThrownBy(() -> TwilioConfig.from(complete("api-base-url", "api.twilio.com")))
                    .hasMessageContaining("--spi-sms-sender--twilio--api-base-url");
        }
    }

    @Nested
    class WhenBothCredentialKindsAreGiven {

        @Test
        void refusesTheAmbiguity() {
            Map<String, String> options = complete("api-key-sid", "SK0123456789abcdef0123456789abcdef");
            options.put("api-key-secret", "key-5ecret");

            assertThatThrownBy(() -> TwilioConfig.from(options)).hasMessageContaining("exactly one of the two");
        }
    }

    @Nested
    class WhenPrinted {

        @Test
        void showsNoSecret() {
            Map<String, String> options = new HashMap<>(COMPLETE);
            options.remove("auth-token");
            options.put("api-key-sid", "SK0123456789abcdef0123456789abcdef");
            options.put("api-key-secret", "key-5ecret");

            assertThat(TwilioConfig.from(COMPLETE).toString())
                    .doesNotContain("tok-5ecret")
                    .contains("auth-token");
            assertThat(TwilioConfig.from(options).toString())
                    .doesNotContain("key-5ecret")
                    .contains("api-key");
        }
    }
}
