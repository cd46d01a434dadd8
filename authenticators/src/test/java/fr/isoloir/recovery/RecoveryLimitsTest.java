package fr.isoloir.recovery;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.SingleUseObjectProvider;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RecoveryLimitsTest {

    private static final String REALM = "realm-id";

    /** singleUseObjects() as Keycloak keeps it: an atomic putIfAbsent (lifespans do not matter within a test). */
    static final class MemoryStore implements SingleUseObjectProvider {
        final Map<String, Map<String, String>> entries = new ConcurrentHashMap<>();

        @Override
        public void put(String key, long lifespanSeconds, Map<String, String> notes) {
            entries.put(key, notes);
        }

        @Override
        public Map<String, String> get(String key) {
            return entries.get(key);
        }

        @Override
        public Map<String, String> remove(String key) {
            return entries.remove(key);
        }

        @Override
        public boolean replace(String key, Map<String, String> notes) {
            return entries.replace(key, notes) != null;
        }

        @Override
        public boolean putIfAbsent(String key, long lifespanSeconds) {
            return entries.putIfAbsent(key, Map.of()) == null;
        }

        @Override
        public boolean contains(String key) {
            return entries.containsKey(key);
        }

        @Override
        public void close() {}
    }

    private final MemoryStore store = new MemoryStore();

    private static LostIdentifierConfig config(int perContactPerHour, int perVoterPerDay, int perNetworkPerHour) {
        LostIdentifierConfig d = LostIdentifierConfig.DEFAULTS;
        return new LostIdentifierConfig(
                perContactPerHour,
                50,
                perVoterPerDay,
                perNetworkPerHour,
                d.smsPerDay(),
                d.smsRegions(),
                d.defaultRegion(),
                d.captchaValidity(),
                d.votingSiteClientId(),
                d.proofOfWorkMaxNumber());
    }

    private static Contact parsed(String typed) {
        return Contact.parse(typed, "FR").orElseThrow();
    }

    @Nested
    class PerVoter {

        @Test
        void capsTheVoterWhateverContactIsTypedAndHowItIsWritten() {
            LostIdentifierConfig config = config(20, 3, 10_000);
            List<String> writings =
                    List.of("06 12 34 56 78", "+33612345678", "Camille.Martin@Exemple.fr", "0033 6 12 34 56 78");
            List<Boolean> sent = writings.stream()
                    .map(typed -> {
                        assertThat(RecoveryLimits.take(store, REALM, "203.0.113.7", parsed(typed), config))
                                .isEmpty();
                        return RecoveryLimits.takeForVoter(store, REALM, "voter-1", config)
                                .isPresent();
                    })
                    .toList();

            assertThat(sent).containsExactly(true, true, true, false);
        }

        @Test
        void countsEachVoterOnItsOwn() {
            LostIdentifierConfig config = config(20, 1, 10_000);
            assertThat(RecoveryLimits.takeForVoter(store, REALM, "voter-1", config))
                    .isPresent();
            assertThat(RecoveryLimits.takeForVoter(store, REALM, "voter-1", config))
                    .isEmpty();
            assertThat(RecoveryLimits.takeForVoter(store, REALM, "voter-2", config))
                    .isPresent();
        }

        @Test
        void neverLetsMoreThanTheCapThroughConcurrently() {
            LostIdentifierConfig config = config(20, 3, 10_000);
            long taken = IntStream.range(0, 200)
                    .parallel()
                    .mapToObj(i -> RecoveryLimits.takeForVoter(store, REALM, "voter-1", config))
                    .filter(Optional::isPresent)
                    .count();
            assertThat(taken).isEqualTo(3);
        }

        @Test
        void givenBackSlotCanBeTakenAgain() {
            LostIdentifierConfig config = config(20, 1, 10_000);
            String slot =
                    RecoveryLimits.takeForVoter(store, REALM, "voter-1", config).orElseThrow();
            store.remove(slot);
            assertThat(RecoveryLimits.takeForVoter(store, REALM, "voter-1", config))
                    .isPresent();
        }

        @Test
        void keepsNoUserIdOrContactInClearInTheStore() {
            LostIdentifierConfig config = config(20, 3, 10_000);
            RecoveryLimits.take(store, REALM, "203.0.113.7", parsed("camille@exemple.fr"), config);
            RecoveryLimits.takeForVoter(store, REALM, "voter-1", config);
            assertThat(String.join(" ", store.entries.keySet())).doesNotContain("voter-1", "camille", "203.0.113");
        }
    }

    @Nested
    class PerContact {

        @Test
        void countsEveryFrenchWritingOfOneNumberAsOneContact() {
            LostIdentifierConfig config = config(3, 50, 10_000);
            for (String typed : List.of("06 12 34 56 78", "+33612345678", "0033612345678")) {
                assertThat(RecoveryLimits.take(store, REALM, "203.0.113.7", parsed(typed), config))
                        .isEmpty();
            }
            assertThat(RecoveryLimits.take(store, REALM, "203.0.113.7", parsed("0612345678"), config))
                    .contains(RecoveryLimits.Refusal.CONTACT_HOURLY_LIMIT);
        }
    }

    @Nested
    class PerNetwork {

        @Test
        void countsTwoIpv6AddressesOfOneSlash64AsOneNetwork() {
            LostIdentifierConfig config = config(20, 3, 1);
            assertThat(RecoveryLimits.take(store, REALM, "2001:db8:1:2::1", parsed("a@exemple.fr"), config))
                    .isEmpty();
            assertThat(RecoveryLimits.take(store, REALM, "2001:db8:1:2:ffff:ee:dd:cc", parsed("b@exemple.fr"), config))
                    .contains(RecoveryLimits.Refusal.NETWORK_HOURLY_LIMIT);
            assertThat(RecoveryLimits.Refusal.NETWORK_HOURLY_LIMIT.reason()).isEqualTo("network_hourly_limit");
        }

        @Test
        void countsAnotherSlash64AndEachIpv4AddressOnItsOwn() {
            LostIdentifierConfig config = config(20, 3, 1);
            assertThat(RecoveryLimits.take(store, REALM, "2001:db8:1:2::1", parsed("a@exemple.fr"), config))
                    .isEmpty();
            assertThat(RecoveryLimits.take(store, REALM, "2001:db8:1:3::1", parsed("b@exemple.fr"), config))
                    .isEmpty();
            assertThat(RecoveryLimits.take(store, REALM, "203.0.113.7", parsed("c@exemple.fr"), config))
                    .isEmpty();
            assertThat(RecoveryLimits.take(store, REALM, "203.0.113.8", parsed("d@exemple.fr"), config))
                    .isEmpty();
        }
    }
}
