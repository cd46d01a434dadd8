package fr.isoloir.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SmsMaskedPhoneNumberTest {

    @Nested
    class ForAnE164Number {

        @Test
        void keepsTheCountryCodeAndTheLastTwoDigits() {
            assertThat(MaskedPhoneNumber.of("+33612345678")).isEqualTo("+33 *******78");
            assertThat(MaskedPhoneNumber.of("+14155550123")).isEqualTo("+1 ********23");
            assertThat(MaskedPhoneNumber.of("+590690123456")).isEqualTo("+590 *******56");
        }
    }

    @Nested
    class ForSomethingElse {

        @Test
        void stillHidesAllButTheLastTwoDigits() {
            assertThat(MaskedPhoneNumber.of("0612345678")).isEqualTo("********78");
            assertThat(MaskedPhoneNumber.of("+99912345")).isEqualTo("******45");
        }

        @Test
        void hidesTooShortValuesEntirely() {
            assertThat(MaskedPhoneNumber.of("123")).isEqualTo("***");
            assertThat(MaskedPhoneNumber.of(null)).isEqualTo("(none)");
        }
    }
}
