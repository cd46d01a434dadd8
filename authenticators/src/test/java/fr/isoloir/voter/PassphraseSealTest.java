package fr.isoloir.voter;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.credential.CredentialModel;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeyManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class PassphraseSealTest {

    private static final SecretKey KEY = key("the realm's hmac key, 32 bytes..");
    private static final SecretKey NEXT_KEY = key("the realm's next key, 32 bytes..");
    private static final SecretKey ADMINS_OWN_KEY = key("a key an admin made up, 32 bytes");

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final KeyManager keys = mock(KeyManager.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final UserModel voter = mock(UserModel.class);
    private final List<CredentialModel> stored = new ArrayList<>();

    PassphraseSealTest() {
        when(session.keys()).thenReturn(keys);
        realmKeys(KEY);
        when(realm.getId()).thenReturn("realm-1");
        when(voter.getId()).thenReturn("voter-1");
        SubjectCredentialManager credentials = mock(SubjectCredentialManager.class);
        when(voter.credentialManager()).thenReturn(credentials);
        when(credentials.getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE))
                .thenAnswer(i -> stored.stream());
        doAnswer(i -> {
                    stored.clear();
                    stored.add(i.getArgument(0));
                    return null;
                })
                .when(credentials)
                .updateStoredCredential(any());
    }

    @Nested
    class APassphraseSealedInTheLoginFlow {

        @Test
        void isTheVotersOwn() {
            PassphraseSeal.store(session, realm, voter, password("hash-of-the-voters-phrase", "salt-1", 1000L));

            assertThat(PassphraseSeal.of(session, realm, voter)).isEqualTo(PassphraseSeal.State.SEALED);
            assertThat(PassphraseSeal.sealedPassword(session, realm, voter)).contains(stored.get(0));
        }

        @Test
        void staysTheVotersOwnAfterTheRealmKeyRotatesWhileTheOldKeyIsStillThere() {
            PassphraseSeal.store(session, realm, voter, password("hash-of-the-voters-phrase", "salt-1", 1000L));

            realmKeys(NEXT_KEY, KEY);

            assertThat(PassphraseSeal.of(session, realm, voter)).isEqualTo(PassphraseSeal.State.SEALED);
        }

        @Test
        void isSealedWithALabelThatNamesNeitherTheHashNorTheSalt() {
            PassphraseSeal.store(session, realm, voter, password("hash-of-the-voters-phrase", "salt-1", 1000L));

            assertThat(stored.get(0).getUserLabel())
                    .startsWith(PassphraseSeal.LABEL_PREFIX)
                    .doesNotContain("hash-of-the-voters-phrase")
                    .doesNotContain(Base64.getEncoder().encodeToString("salt-1".getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Keycloak's "Reset password" keeps the credential's id and writes a new hash, a new salt and no label. */
    @Nested
    class APasswordSetAnotherWay {

        @Test
        void withoutASealCountsAsUnsealed() {
            stored.add(password("hash-of-the-admins-password", "salt-2", 2000L));

            assertThat(PassphraseSeal.of(session, realm, voter)).isEqualTo(PassphraseSeal.State.UNSEALED);
            assertThat(PassphraseSeal.sealedPassword(session, realm, voter)).isEmpty();
        }

        @Test
        void withTheVotersSealCopiedOntoItCountsAsUnsealedEvenWithTheSameIdAndDate() {
            PassphraseSeal.store(session, realm, voter, password("hash-of-the-voters-phrase", "salt-1", 1000L));
            String votersSeal = stored.get(0).getUserLabel();

            CredentialModel reset = password("hash-of-the-admins-password", "salt-2", 1000L);
            reset.setUserLabel(votersSeal);
            stored.set(0, reset);

            assertThat(PassphraseSeal.of(session, realm, voter)).isEqualTo(PassphraseSeal.State.UNSEALED);
        }

        @Test
        void withTheSealOfTheSameHashForAnotherVoterCountsAsUnsealed() {
            SubjectCredentialManager sharedStore = voter.credentialManager();
            UserModel other = mock(UserModel.class);
            when(other.getId()).thenReturn("voter-2");
            when(other.credentialManager()).thenReturn(sharedStore);
            PassphraseSeal.store(session, realm, other, password("hash-of-a-phrase", "salt-1", 1000L));

            assertThat(PassphraseSeal.of(session, realm, voter)).isEqualTo(PassphraseSeal.State.UNSEALED);
        }

        @Test
        void sealedUnderAKeyTheRealmDoesNotHoldCountsAsUnsealed() {
            CredentialModel forged = password("hash-of-the-admins-password", "salt-2", 2000L);
            forged.setUserLabel(PassphraseSeal.seal(ADMINS_OWN_KEY, "realm-1", "voter-1", forged));
            stored.add(forged);

            assertThat(PassphraseSeal.of(session, realm, voter)).isEqualTo(PassphraseSeal.State.UNSEALED);
        }

        @Test
        void whoseStoredSecretIsNoPasswordHashCountsAsUnsealedWithoutFailing() {
            CredentialModel odd = password("hash", "salt", 1000L);
            odd.setUserLabel(PassphraseSeal.LABEL_PREFIX + "AAAA");
            odd.setSecretData("not json");
            stored.add(odd);

            assertThat(PassphraseSeal.of(session, realm, voter)).isEqualTo(PassphraseSeal.State.UNSEALED);
        }
    }

    @Nested
    class NoPassword {

        @Test
        void isNeitherSealedNorUnsealed() {
            assertThat(PassphraseSeal.of(session, realm, voter)).isEqualTo(PassphraseSeal.State.NONE);
        }
    }

    private void realmKeys(SecretKey active, SecretKey... passive) {
        when(keys.getActiveKey(realm, KeyUse.SIG, Algorithm.HS512)).thenReturn(wrap(active));
        List<KeyWrapper> all = new ArrayList<>(List.of(wrap(active)));
        for (SecretKey key : passive) {
            all.add(wrap(key));
        }
        when(keys.getKeysStream(realm, KeyUse.SIG, Algorithm.HS512)).thenAnswer(i -> all.stream());
    }

    private static KeyWrapper wrap(SecretKey key) {
        KeyWrapper wrapper = new KeyWrapper();
        wrapper.setSecretKey(key);
        return wrapper;
    }

    /** A password credential as Keycloak stores it: the same id whatever sets it, a hash and a salt. */
    private static CredentialModel password(String hash, String salt, long createdDate) {
        PasswordCredentialModel password =
                PasswordCredentialModel.createFromValues("argon2", salt.getBytes(StandardCharsets.UTF_8), 1, hash);
        password.setId("credential-1");
        password.setCreatedDate(createdDate);
        return password;
    }

    private static SecretKey key(String text) {
        return new SecretKeySpec(text.getBytes(StandardCharsets.UTF_8), "HmacSHA512");
    }
}
