package fr.isoloir.voter;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.UserModel;

import java.lang.reflect.Proxy;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VoterTest {

    /** A user record with these attributes ("email" for the address), nothing else. */
    private static Voter voter(Map<String, String> attributes) {
        UserModel user = (UserModel) Proxy.newProxyInstance(
                UserModel.class.getClassLoader(),
                new Class<?>[] {UserModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getEmail" -> attributes.get("email");
                    case "getFirstAttribute" -> attributes.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new Voter(user);
    }

    @Nested
    class WithSeparateChannels {

        @Test
        void sendsTheCodeOfAnEmailVoterWithAMobileByTextMessage() {
            Voter voter = voter(Map.of(Voter.CHANNEL, "email", "email", "a@example.org", Voter.PHONE, "+33612345678"));
            assertThat(voter.codeChannel(true)).contains(DeliveryChannel.SMS);
        }

        @Test
        void sendsTheCodeOfAnSmsVoterWithAnEmailAddressByEmail() {
            Voter voter = voter(Map.of(Voter.CHANNEL, "sms", "email", "a@example.org", Voter.PHONE, "+33612345678"));
            assertThat(voter.codeChannel(true)).contains(DeliveryChannel.EMAIL);
        }

        @Test
        void fallsBackToTheOnlyContactAVoterHas() {
            assertThat(voter(Map.of(Voter.CHANNEL, "email", "email", "a@example.org"))
                            .codeChannel(true))
                    .contains(DeliveryChannel.EMAIL);
            assertThat(voter(Map.of(Voter.CHANNEL, "sms", Voter.PHONE, "+33612345678"))
                            .codeChannel(true))
                    .contains(DeliveryChannel.SMS);
        }

        @Test
        void sendsNoCodeToAPostalVoterWhateverContactsTheRecordHolds() {
            Voter voter = voter(Map.of(Voter.CHANNEL, "postal", "email", "a@example.org", Voter.PHONE, "+33612345678"));
            assertThat(voter.codeChannel(true)).isEmpty();
        }
    }

    @Nested
    class WithoutSeparateChannels {

        @Test
        void sendsTheCodeOnTheVotersOwnChannel() {
            assertThat(voter(Map.of(Voter.CHANNEL, "email", "email", "a@example.org", Voter.PHONE, "+33612345678"))
                            .codeChannel(false))
                    .contains(DeliveryChannel.EMAIL);
        }
    }
}
