package fr.isoloir.recovery;

import fr.isoloir.voter.DeliveryChannel;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ContactTest {

    @Nested
    class APhoneNumber {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "0612345678",
                    "06 12 34 56 78",
                    "06.12.34.56.78",
                    "+33 6 12 34 56 78",
                    "+33612345678",
                    "0033 6 12 34 56 78",
                    "0033612345678",
                    " +33 (0)6 12 34 56 78 "
                })
        void inAnyFrenchWritingBecomesE164(String typed) {
            assertThat(Contact.parse(typed, "FR")).contains(Contact.sms("+33612345678"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"06 12", "+33 6 12 34 56 78 90 12", "abc", "0"})
        void thatIsNotOneIsRefused(String typed) {
            assertThat(Contact.parse(typed, "FR")).isEmpty();
        }
    }

    @Nested
    class AnEmail {

        @ParameterizedTest
        @ValueSource(strings = {"Camille.Martin@Exemple.FR", "  camille.martin@exemple.fr "})
        void isTrimmedAndLowerCased(String typed) {
            assertThat(Contact.parse(typed, "FR")).contains(Contact.email("camille.martin@exemple.fr"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"camille@", "@exemple.fr", "camille martin@exemple.fr", ""})
        void thatIsNotOneIsRefused(String typed) {
            assertThat(Contact.parse(typed, "FR")).isEmpty();
        }

        @org.junit.jupiter.api.Test
        void isMaskedInEvents() {
            Contact contact = Contact.email("camille.martin@exemple.fr");
            assertThat(contact.channel()).isEqualTo(DeliveryChannel.EMAIL);
            assertThat(contact.masked()).isEqualTo("c•••@exemple.fr");
            assertThat(contact.toString()).doesNotContain("camille.martin");
        }
    }

    @org.junit.jupiter.api.Test
    void aVeryLongInputIsRefusedWithoutWork() {
        assertThat(Contact.parse("a".repeat(300) + "@exemple.fr", "FR")).isEmpty();
    }
}
