package fr.isoloir.accesschange;

import fr.isoloir.accesschange.AccessChange.By;
import fr.isoloir.accesschange.AccessChange.What;
import fr.isoloir.accesschange.VoterContacts.Recipient;
import fr.isoloir.voter.DeliveryChannel;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VoterContactsTest {

    private static final VoterContacts EMAIL_VOTER = new VoterContacts("camille.martin@example.org", null, "email");
    private static final VoterContacts BOTH = new VoterContacts("camille.martin@example.org", "+33612345678", "sms");

    @Nested
    class TheChanges {

        @Test
        void areOnePerFieldThatDiffersWithTheValuesMasked() {
            VoterContacts after = new VoterContacts("alix.petit@example.org", "+33698765432", "sms");
            assertThat(EMAIL_VOTER.changesTo(after, "id-1", By.CONSOLE))
                    .containsExactly(
                            new AccessChange("id-1", What.EMAIL, "c•••@example.org", "a•••@example.org", By.CONSOLE),
                            new AccessChange("id-1", What.PHONE, "-", "+33 6 •• •• •• 32", By.CONSOLE),
                            new AccessChange("id-1", What.CHANNEL, "email", "sms", By.CONSOLE));
        }

        @Test
        void areNoneWhenOnlyTheCaseOfTheEmailOrABlankValueDiffers() {
            VoterContacts after = new VoterContacts("Camille.Martin@example.org", " ", "email");
            assertThat(EMAIL_VOTER.changesTo(after, "id-1", By.IMPORT)).isEmpty();
        }

        @Test
        void neverShowAContactInClear() {
            VoterContacts after = new VoterContacts(null, "+33698765432", "sms");
            assertThat(BOTH.changesTo(after, "id-1", By.RESEND).toString())
                    .doesNotContain("camille.martin")
                    .doesNotContain("612345678")
                    .doesNotContain("698765432");
            assertThat(BOTH.toString()).doesNotContain("camille.martin").doesNotContain("612345678");
        }
    }

    @Nested
    class WhoIsTold {

        @Test
        void isThePreviousContactThatIsReplacedNotTheNewOne() {
            VoterContacts after = new VoterContacts("alix.petit@example.org", "+33612345678", "sms");
            assertThat(BOTH.previousContactsLosing(after))
                    .containsExactly(new Recipient(DeliveryChannel.EMAIL, "camille.martin@example.org"));
        }

        @Test
        void isThePreviousChannelsContactWhenOnlyTheChannelChanges() {
            VoterContacts after = new VoterContacts("camille.martin@example.org", "+33612345678", "email");
            assertThat(BOTH.previousContactsLosing(after))
                    .containsExactly(new Recipient(DeliveryChannel.SMS, "+33612345678"));
        }

        @Test
        void isNobodyForAPostalVoterWithoutContact() {
            VoterContacts postal = new VoterContacts(null, null, "postal");
            assertThat(postal.previousContactsLosing(new VoterContacts("a@example.org", null, "email")))
                    .isEmpty();
        }

        @Test
        void ofACredentialChangeIsEveryCurrentContact() {
            assertThat(BOTH.current())
                    .containsExactly(
                            new Recipient(DeliveryChannel.EMAIL, "camille.martin@example.org"),
                            new Recipient(DeliveryChannel.SMS, "+33612345678"));
        }
    }
}
