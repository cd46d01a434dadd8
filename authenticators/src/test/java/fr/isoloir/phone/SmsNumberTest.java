package fr.isoloir.phone;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SmsNumberTest {

    private static SmsNumber check(String typed) {
        return SmsNumber.check(typed, "FR", PhoneNumbers.FRANCE_WITH_OVERSEAS);
    }

    @Nested
    class AMobileInFranceOrOverseas {

        @ParameterizedTest
        @ValueSource(strings = {"06 12 34 56 78", " +33 6 12 34 56 78 ", "0033612345678"})
        void isKeptInE164WhateverTheWriting(String typed) {
            assertThat(check(typed)).isEqualTo(new SmsNumber("+33612345678", null));
        }

        @Test
        void overseasIsAllowedToo() {
            assertThat(check("0690 12 34 56").problem()).isNull();
        }
    }

    @Nested
    class IsRefused {

        @ParameterizedTest
        @ValueSource(strings = {"06 12", "", "   ", "0612345678@example.org", "pas un numéro"})
        void asNotANumberWhenItIsNone(String typed) {
            assertThat(check(typed).problem()).isEqualTo(SmsNumber.Problem.NOT_A_NUMBER);
        }

        @Test
        void asNotANumberWhenMissing() {
            assertThat(check(null).problem()).isEqualTo(SmsNumber.Problem.NOT_A_NUMBER);
        }

        @ParameterizedTest
        @ValueSource(strings = {"01 23 45 67 89", "+32 470 12 34 56"})
        void whenALandlineOrAbroad(String typed) {
            assertThat(check(typed)).isEqualTo(new SmsNumber(null, SmsNumber.Problem.NOT_A_MOBILE_IN_THE_REGIONS));
        }
    }
}
