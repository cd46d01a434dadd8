package fr.isoloir.code;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatorConfigModel;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionCodeConfigTest {

    private static ConnectionCodeConfig configWith(Map<String, String> entries) {
        AuthenticatorConfigModel model = new AuthenticatorConfigModel();
        model.setConfig(entries);
        return ConnectionCodeConfig.of(model);
    }

    @Nested
    class SeparateChannels {

        @Test
        void areOnWhenTheStepHasNoConfig() {
            assertThat(ConnectionCodeConfig.of(null).separateChannels()).isTrue();
        }

        @Test
        void areOnWhenTheConfigLeavesThemOut() {
            assertThat(configWith(Map.of("codeLength", "6")).separateChannels()).isTrue();
        }

        @Test
        void areOffOnlyWhenTheConfigSaysSo() {
            assertThat(configWith(Map.of("separateChannels", "false")).separateChannels())
                    .isFalse();
        }

        @Test
        void areOnInTheConsolesDefaultValue() {
            assertThat(ConnectionCodeConfig.properties())
                    .filteredOn(property -> property.getName().equals("separateChannels"))
                    .singleElement()
                    .satisfies(
                            property -> assertThat(property.getDefaultValue()).isEqualTo("true"));
        }
    }
}
