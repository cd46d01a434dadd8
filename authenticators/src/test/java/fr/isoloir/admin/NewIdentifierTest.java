package fr.isoloir.admin;

import fr.isoloir.recovery.Contact;
import fr.isoloir.voter.DeliveryChannel;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class NewIdentifierTest {

    @Nested
    class AContactTheManagerTypes {

        @Test
        void canBeAnEmailOrAFrenchMobileWhenEitherWillDo() {
            assertThat(NewIdentifier.check(" Alix.Petit@Example.org ", null).contact())
                    .isEqualTo(Contact.email("alix.petit@example.org"));
            assertThat(NewIdentifier.check("06 12 34 56 78", null).contact()).isEqualTo(Contact.sms("+33612345678"));
            assertThat(NewIdentifier.check("0690 12 34 56", null).problem()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"pas-une-adresse", "a@", "06 12", ""})
        void thatIsNeitherIsInvalid(String typed) {
            assertThat(NewIdentifier.check(typed, null).problem().messageKey).isEqualTo("isoloirResendToInvalid");
        }

        @ParameterizedTest
        @ValueSource(strings = {"01 40 00 00 00", "+32 470 12 34 56"})
        void thatIsALandlineOrAForeignMobileIsNotAllowed(String typed) {
            assertThat(NewIdentifier.check(typed, null).problem()).isEqualTo(NewIdentifier.Problem.PHONE_NOT_ALLOWED);
        }

        @Test
        void mustBeOnTheChannelTheRestCallNamed() {
            assertThat(NewIdentifier.check("0612345678", DeliveryChannel.EMAIL).problem())
                    .isEqualTo(NewIdentifier.Problem.INVALID_EMAIL);
            assertThat(NewIdentifier.check("a@isoloir.test", DeliveryChannel.SMS)
                            .problem())
                    .isEqualTo(NewIdentifier.Problem.INVALID_PHONE);
        }
    }

    @Test
    void aReasonIsRequiredAndAtMost500Characters() {
        assertThat(NewIdentifier.reason("  Courrier perdu ")).contains("Courrier perdu");
        assertThat(NewIdentifier.reason("   ")).isEmpty();
        assertThat(NewIdentifier.reason(null)).isEmpty();
        assertThat(NewIdentifier.reason("x".repeat(NewIdentifier.MAX_REASON))).isPresent();
        assertThat(NewIdentifier.reason("x".repeat(NewIdentifier.MAX_REASON + 1)))
                .isEmpty();
    }
}
