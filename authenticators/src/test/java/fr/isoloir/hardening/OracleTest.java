package fr.isoloir.hardening;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OracleTest {

    @Nested
    class SecretsInTheServerLog {

        @Test
        void aCodeStandingAloneIsALeak() {
            assertThat(Oracle.holdsToken("INFO sent code 468432 to voter", "468432"))
                    .isTrue();
            assertThat(Oracle.holdsToken("code=468432\n", "468432")).isTrue();
            assertThat(Oracle.holdsToken("468432", "468432")).isTrue();
        }

        @Test
        void theSameDigitsInsideAUuidAreNoLeak() {
            assertThat(Oracle.holdsToken("user eedb34d8-84bf-4727-b1fd-1e2010468432 logged in", "468432"))
                    .isFalse();
            assertThat(Oracle.holdsToken("took 14684321 ns", "468432")).isFalse();
        }

        @Test
        void aPassphraseIsFoundWhereverItStandsAlone() {
            String passphrase = "Trois chats gris dorment au soleil";
            assertThat(Oracle.serverLog("form: " + passphrase + ".", List.of(passphrase), Map.of()))
                    .hasSize(1);
            assertThat(Oracle.serverLog("nothing here", List.of(passphrase), Map.of()))
                    .isEmpty();
        }
    }
}
