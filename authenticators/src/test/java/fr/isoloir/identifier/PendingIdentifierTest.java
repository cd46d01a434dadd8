package fr.isoloir.identifier;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeyManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class PendingIdentifierTest {

    private static final SecretKey KEY =
            new SecretKeySpec("a realm hmac key of thirty-two b".getBytes(StandardCharsets.UTF_8), "HmacSHA512");
    private static final SecretKey OTHER_KEY =
            new SecretKeySpec("another realm key, thirty-two b.".getBytes(StandardCharsets.UTF_8), "HmacSHA512");

    @Nested
    class Derivation {

        @Test
        void givesAWellFormedIdentifierWhoseCheckSymbolMatches() {
            IntStream.range(0, 200).forEach(i -> {
                VoterIdentifier derived = PendingIdentifier.derive(KEY, "seed-" + i, 0);
                assertThat(VoterIdentifier.parse(derived.display()).identifier())
                        .contains(derived);
            });
        }

        @Test
        void isTheSameForTheSameVoterAndCurrentIdentifier() {
            assertThat(PendingIdentifier.derive(KEY, "realm|user|k7mq4xpr2h9w", 0))
                    .isEqualTo(PendingIdentifier.derive(KEY, "realm|user|k7mq4xpr2h9w", 0));
        }

        @Test
        void differsWithTheCurrentIdentifierTheAttemptOrTheKey() {
            VoterIdentifier base = PendingIdentifier.derive(KEY, "realm|user|k7mq4xpr2h9w", 0);
            assertThat(PendingIdentifier.derive(KEY, "realm|user|n3ww4xpr2h9w", 0))
                    .isNotEqualTo(base);
            assertThat(PendingIdentifier.derive(KEY, "realm|user|k7mq4xpr2h9w", 1))
                    .isNotEqualTo(base);
            assertThat(PendingIdentifier.derive(OTHER_KEY, "realm|user|k7mq4xpr2h9w", 0))
                    .isNotEqualTo(base);
        }

        @Test
        void spreadsOverTheWholeAlphabet() {
            String all = IntStream.range(0, 300)
                    .mapToObj(i -> PendingIdentifier.derive(KEY, "s" + i, 0).username())
                    .reduce("", String::concat)
                    .toUpperCase();
            assertThat(UnambiguousAlphabet.SYMBOLS.chars().filter(c -> all.indexOf(c) < 0))
                    .isEmpty();
        }

        @Test
        void keepsOnlyAKeyedHashThatNamesNothing() {
            VoterIdentifier pending = PendingIdentifier.derive(KEY, "seed", 0);
            String hash = PendingIdentifier.lookupHash(KEY, pending);
            assertThat(hash).matches("[0-9a-f]{64}").doesNotContain(pending.username());
            assertThat(PendingIdentifier.lookupHash(OTHER_KEY, pending)).isNotEqualTo(hash);
        }
    }

    /** offer and holderOf against a user store with the (name, value) attribute search Keycloak has. */
    @Nested
    class OnAVoter {

        private final Map<String, String> attributes = new HashMap<>();
        private final KeycloakSession session = mock(KeycloakSession.class);
        private final RealmModel realm = mock(RealmModel.class);
        private final UserModel voter = mock(UserModel.class);
        private final UserProvider users = mock(UserProvider.class);
        private String username = "k7mq4xpr2h9w";

        OnAVoter() {
            KeyManager keys = mock(KeyManager.class);
            KeyWrapper active = new KeyWrapper();
            active.setSecretKey(KEY);
            when(session.keys()).thenReturn(keys);
            when(keys.getActiveKey(realm, KeyUse.SIG, Algorithm.HS512)).thenReturn(active);
            when(session.users()).thenReturn(users);
            when(realm.getId()).thenReturn("realm");
            when(voter.getId()).thenReturn("user-1");
            when(voter.isEnabled()).thenReturn(true);
            when(voter.getUsername()).thenAnswer(i -> username);
            when(voter.getFirstAttribute(PendingIdentifier.ATTRIBUTE))
                    .thenAnswer(i -> attributes.get(PendingIdentifier.ATTRIBUTE));
            doAnswer(i -> attributes.put(i.getArgument(0), i.getArgument(1)))
                    .when(voter)
                    .setSingleAttribute(anyString(), anyString());
            doAnswer(i -> attributes.remove(i.<String>getArgument(0)))
                    .when(voter)
                    .removeAttribute(anyString());
            doAnswer(i -> username = i.getArgument(0)).when(voter).setUsername(anyString());
            when(users.getUserById(realm, "user-1")).thenReturn(voter);
            when(users.getUserByUsername(eq(realm), anyString()))
                    .thenAnswer(i -> username.equals(i.getArgument(1)) ? voter : null);
            when(users.searchForUserByUserAttributeStream(eq(realm), eq(PendingIdentifier.ATTRIBUTE), any()))
                    .thenAnswer(i -> i.getArgument(2).equals(attributes.get(PendingIdentifier.ATTRIBUTE))
                            ? Stream.of(voter)
                            : Stream.empty());
        }

        /** holderOf with the realm's own users' attribute rows: here the voter's one attribute. */
        private java.util.Optional<UserModel> holder(VoterIdentifier typed) {
            return PendingIdentifier.holderOf(
                    session,
                    realm,
                    typed,
                    hash -> hash.equals(attributes.get(PendingIdentifier.ATTRIBUTE)) ? List.of("user-1") : List.of());
        }

        @Test
        void repeatedRequestsOfferTheSamePendingIdentifierAndLeaveTheCurrentOne() {
            VoterIdentifier first = PendingIdentifier.offer(session, realm, voter);
            VoterIdentifier again = PendingIdentifier.offer(session, realm, voter);
            assertThat(again).isEqualTo(first);
            assertThat(username).isEqualTo("k7mq4xpr2h9w");
            assertThat(attributes.get(PendingIdentifier.ATTRIBUTE)).doesNotContain(first.username());
        }

        @Test
        void chosenWritesNothingUntilRecordedAndIsThenOfferedAgainWithNothingToRecord() {
            PendingIdentifier.Offer chosen = PendingIdentifier.choose(session, realm, voter);
            assertThat(attributes).doesNotContainKey(PendingIdentifier.ATTRIBUTE);
            assertThat(holder(chosen.identifier())).isEmpty();

            chosen.recordOn(voter);
            assertThat(holder(chosen.identifier())).contains(voter);
            PendingIdentifier.Offer again = PendingIdentifier.choose(session, realm, voter);
            assertThat(again.identifier()).isEqualTo(chosen.identifier());
            assertThat(again.hashToRecord()).isEmpty();
        }

        @Test
        void findsTheVoterByTheTypedPendingIdentifierAndPromotesIt() {
            VoterIdentifier pending = PendingIdentifier.offer(session, realm, voter);
            assertThat(holder(pending)).contains(voter);
            assertThat(holder(PendingIdentifier.derive(KEY, "someone else", 0))).isEmpty();

            PendingIdentifier.promote(voter, pending);
            assertThat(username).isEqualTo(pending.username());
            assertThat(attributes).doesNotContainKey(PendingIdentifier.ATTRIBUTE);
            assertThat(holder(pending)).isEmpty();
        }

        @Test
        void offersAnotherOneOnceTheCurrentIdentifierChanged() {
            VoterIdentifier pending = PendingIdentifier.offer(session, realm, voter);
            PendingIdentifier.promote(voter, pending);
            assertThat(PendingIdentifier.offer(session, realm, voter)).isNotEqualTo(pending);
        }

        @Test
        void isNotOfferedWhenItIsAlreadySomeonesIdentifierOrPendingOne() {
            VoterIdentifier pending = PendingIdentifier.offer(session, realm, voter);
            assertThat(PendingIdentifier.isUnused(session, realm, pending)).isFalse();
            PendingIdentifier.promote(voter, pending);
            assertThat(PendingIdentifier.isUnused(session, realm, pending)).isFalse();
            assertThat(PendingIdentifier.isUnused(session, realm, PendingIdentifier.derive(KEY, "fresh", 0)))
                    .isTrue();
        }

        @Test
        void ofADisabledVoterIsNotFound() {
            VoterIdentifier pending = PendingIdentifier.offer(session, realm, voter);
            when(voter.isEnabled()).thenReturn(false);
            assertThat(holder(pending)).isEmpty();
        }
    }
}
