package fr.isoloir.recovery;

import fr.isoloir.phone.PhoneNumbers;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LostIdentifierConfigTest {

    private static AuthenticatorConfigModel model(Map<String, String> values) {
        AuthenticatorConfigModel model = new AuthenticatorConfigModel();
        model.setConfig(values);
        return model;
    }

    @Nested
    class WithoutAConfig {

        @Test
        void usesTheProjectDefaults() {
            LostIdentifierConfig config = LostIdentifierConfig.of(null);
            assertThat(config).isEqualTo(LostIdentifierConfig.DEFAULTS);
            assertThat(config.perContactPerHour()).isEqualTo(3);
            assertThat(config.perContactPerDay()).isEqualTo(5);
            assertThat(config.perVoterPerDay()).isEqualTo(3);
            assertThat(config.perIpPerHour()).isEqualTo(20);
            assertThat(config.smsRegions()).isEqualTo(PhoneNumbers.FRANCE_WITH_OVERSEAS);
            assertThat(config.defaultRegion()).isEqualTo("FR");
            assertThat(config.captchaValidity()).isEqualTo(Duration.ofMinutes(10));
            assertThat(config.proofOfWorkMaxNumber()).isEqualTo(500_000);
        }

        @Test
        void everyPropertyIsOfferedInTheConsoleWithItsDefault() {
            assertThat(LostIdentifierConfig.properties())
                    .hasSize(10)
                    .allSatisfy(p -> assertThat(p.getDefaultValue()).isNotNull());
        }
    }

    @Nested
    class WithAConfig {

        @Test
        void readsValuesAndRegions() {
            LostIdentifierConfig config = LostIdentifierConfig.of(model(Map.of(
                    "perContactPerHour",
                    "2",
                    "perVoterPerDay",
                    "7",
                    "perIpPerHour",
                    "100",
                    "realmSmsPerDay",
                    "0",
                    "smsRegions",
                    "fr, re ,NC",
                    "defaultRegion",
                    "re")));
            assertThat(config.perContactPerHour()).isEqualTo(2);
            assertThat(config.perVoterPerDay()).isEqualTo(7);
            assertThat(config.perIpPerHour()).isEqualTo(100);
            assertThat(config.smsPerDay()).isZero();
            assertThat(config.smsRegions()).isEqualTo(Set.of("FR", "RE", "NC"));
            assertThat(config.defaultRegion()).isEqualTo("RE");
        }

        @Test
        void fallsBackOnDamagedOrOutOfRangeValues() {
            LostIdentifierConfig config = LostIdentifierConfig.of(model(Map.of(
                    "perContactPerHour",
                    "abc",
                    "perContactPerDay",
                    "-1",
                    "perVoterPerDay",
                    "0",
                    "smsRegions",
                    "!!",
                    "defaultRegion",
                    "France",
                    "captchaValiditySeconds",
                    "0",
                    "proofOfWorkMaxNumber",
                    "10")));
            assertThat(config).isEqualTo(LostIdentifierConfig.DEFAULTS);
        }
    }
}
