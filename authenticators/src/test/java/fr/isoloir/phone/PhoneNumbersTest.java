package fr.isoloir.phone;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumbersTest {

    @Nested
    class WhenTypedTheFrenchWay {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "0612345678",
                    "06 12 34 56 78",
                    "06.12.34.56.78",
                    "06-12-34-56-78",
                    "+33 6 12 34 56 78",
                    "+33612345678",
                    "0033 6 12 34 56 78",
                    "+33 (0)6 12 34 56 78",
                    "+33 (0) 6 12 34 56 78",
                    "+330612345678",
                    "  06 12 34 56 78  ",
                    "06\u00A012\u00A034\u00A056\u00A078",
                    "\uFF10\uFF16\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18",
                    "\u0660\u0666\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668",
                })
        void becomesE164(String typed) {
            assertThat(PhoneNumbers.toE164(typed, "FR")).contains("+33612345678");
        }

        @Test
        void acceptsLandlinesToo() {
            assertThat(PhoneNumbers.toE164("01 23 45 67 89", "FR")).contains("+33123456789");
        }
    }

    @Nested
    class WhenOverseas {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(
                delimiter = '|',
                value = {
                    // national writing from a page defaulting to France: the number says which territory
                    "0692 12 34 56     | +262692123456", // La Réunion mobile
                    "0262 12 34 56     | +262262123456", // La Réunion landline
                    "0639 01 23 45     | +262639012345", // Mayotte mobile
                    "0690 00 12 34     | +590690001234", // Guadeloupe, Saint-Barthélemy, Saint-Martin mobile
                    "0696 20 12 34     | +596696201234", // Martinique mobile
                    "0694 20 12 34     | +594694201234", // French Guiana mobile
                    // +33 mistakenly put in front of an overseas number
                    "+33 6 92 12 34 56 | +262692123456",
                    // international writing
                    "+262 692 12 34 56 | +262692123456",
                    "00262 692 12 34 56 | +262692123456",
                    "+262 639 01 23 45 | +262639012345",
                    "+590 690 00 12 34 | +590690001234",
                    "+596 696 20 12 34 | +596696201234",
                    "+594 694 20 12 34 | +594694201234",
                    "+508 55 12 34     | +508551234", // Saint-Pierre-et-Miquelon
                    "+687 75 12 34     | +687751234", // New Caledonia
                    "+689 87 12 34 56  | +68987123456", // French Polynesia
                })
        void becomesE164(String typed, String e164) {
            assertThat(PhoneNumbers.toE164(typed, "FR")).contains(e164);
        }

        @Test
        void readsMetropolitanNumbersFromAnOverseasPage() {
            assertThat(PhoneNumbers.toE164("06 12 34 56 78", "RE")).contains("+33612345678");
            assertThat(PhoneNumbers.toE164("0692 12 34 56", "RE")).contains("+262692123456");
        }
    }

    @Nested
    class WhenNotANumber {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "",
                    "   ",
                    "abc",
                    "06123",
                    "06 12 34 56 78 9",
                    "+33 6 12 34 56 78 9",
                    "0012",
                    "jean@example.fr",
                    "+999 123 456 789"
                })
        void givesNothing(String typed) {
            assertThat(PhoneNumbers.toE164(typed, "FR")).isEmpty();
        }

        @Test
        void givesNothingForNullOrHugeInput() {
            assertThat(PhoneNumbers.toE164(null, "FR")).isEmpty();
            assertThat(PhoneNumbers.toE164("0".repeat(1 << 20), "FR")).isEmpty();
            assertThat(PhoneNumbers.toE164("06 12 34 56 78" + " ".repeat(60), "FR"))
                    .isEmpty();
        }
    }

    @Nested
    class WhenCheckingForSms {
        @Test
        void knowsMobilesFromLandlines() {
            assertThat(PhoneNumbers.isMobile("+33612345678")).isTrue();
            assertThat(PhoneNumbers.isMobile("+33756123456")).isTrue();
            assertThat(PhoneNumbers.isMobile("+262692123456")).isTrue();
            assertThat(PhoneNumbers.isMobile("+262639012345")).isTrue();
            assertThat(PhoneNumbers.isMobile("+33123456789")).isFalse();
            assertThat(PhoneNumbers.isMobile("+262262123456")).isFalse();
        }

        @Test
        void saysNoForWhatIsNotAnE164Number() {
            assertThat(PhoneNumbers.isMobile("0612345678")).isFalse();
            assertThat(PhoneNumbers.isMobile("garbage")).isFalse();
            assertThat(PhoneNumbers.isMobile(null)).isFalse();
        }
    }

    @Nested
    class WhenCheckingTheRegion {
        @Test
        void allowsFranceAndItsOverseasDepartmentsByDefault() {
            assertThat(PhoneNumbers.FRANCE_WITH_OVERSEAS)
                    .containsExactlyInAnyOrder("FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF");
            for (String e164 : new String[] {
                "+33612345678",
                "+262692123456",
                "+262639012345",
                "+590690001234",
                "+596696201234",
                "+594694201234",
                "+508551234"
            }) {
                assertThat(PhoneNumbers.regionAllowed(e164, PhoneNumbers.FRANCE_WITH_OVERSEAS))
                        .as(e164)
                        .isTrue();
            }
        }

        @Test
        void tellsMayotteFromLaReunionAlthoughTheyShare262() {
            assertThat(PhoneNumbers.region("+262639012345")).contains("YT");
            assertThat(PhoneNumbers.region("+262692123456")).contains("RE");
        }

        @Test
        void refusesOtherCountriesUnlessListed() {
            assertThat(PhoneNumbers.regionAllowed("+687751234", PhoneNumbers.FRANCE_WITH_OVERSEAS))
                    .isFalse();
            assertThat(PhoneNumbers.regionAllowed("+687751234", Set.of("NC"))).isTrue();
            assertThat(PhoneNumbers.regionAllowed("+2693212345", PhoneNumbers.FRANCE_WITH_OVERSEAS))
                    .as("Comoros")
                    .isFalse();
            assertThat(PhoneNumbers.regionAllowed("+16502530000", PhoneNumbers.FRANCE_WITH_OVERSEAS))
                    .isFalse();
            assertThat(PhoneNumbers.regionAllowed("+447911123456", PhoneNumbers.FRANCE_WITH_OVERSEAS))
                    .isFalse();
            assertThat(PhoneNumbers.regionAllowed("garbage", PhoneNumbers.FRANCE_WITH_OVERSEAS))
                    .isFalse();
        }
    }

    @Nested
    class WhenMasking {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "+33612345678  | +33 6 •• •• •• 78",
                    "+33123456789  | +33 1 •• •• •• 89",
                    "+262692123456 | +262 6•• •• •• 56",
                    "+508551234    | +508 5• •• 34",
                })
        void keepsCountryCodeFirstAndLastTwoDigits(String e164, String masked) {
            assertThat(PhoneNumbers.mask(e164)).isEqualTo(masked);
        }

        @Test
        void hidesEveryDigitOfSomethingElse() {
            assertThat(PhoneNumbers.mask("0612345678")).doesNotContainPattern("[0-9]");
            assertThat(PhoneNumbers.mask(null)).isEmpty();
        }
    }
}
