package fr.isoloir.voterlist;

import fr.isoloir.voter.DeliveryChannel;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class VoterImportJobTest {

    private static VoterRow row(String number) {
        return new VoterRow(
                2,
                number,
                "Roux",
                "Léa",
                number.toLowerCase() + "@example.org",
                "+33612345678",
                "1 rue Neuve",
                null,
                null,
                "69001",
                "Lyon",
                "Cadres",
                DeliveryChannel.SMS);
    }

    /** The realm as the steps leave it: employee numbers of its voters, and every call made. */
    private static final class Realm implements VoterImportJob.Effects {
        final Set<String> voters = new HashSet<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public void creating(Runnable creations) {
            calls.add("creations begin");
            creations.run();
            calls.add("creations end");
        }

        @Override
        public boolean create(VoterRow row, String username) {
            calls.add("create " + row.employeeNumber());
            return voters.add(row.employeeNumber());
        }

        @Override
        public boolean update(ImportPlan.Update update) {
            calls.add("update " + update.row().employeeNumber());
            return voters.contains(update.row().employeeNumber());
        }

        @Override
        public boolean remove(ExistingVoter voter) {
            calls.add("remove " + voter.employeeNumber());
            return voters.remove(voter.employeeNumber());
        }
    }

    private static List<VoterImportJob.Step> batch() {
        return List.of(
                new VoterImportJob.Step(row("A1"), "AAAA-BBBB-CCCC", null, null),
                new VoterImportJob.Step(row("A2"), "DDDD-EEEE-FFFF", null, null),
                new VoterImportJob.Step(null, null, new ImportPlan.Update(row("B1"), "u-b1", List.of("email")), null),
                new VoterImportJob.Step(null, null, null, new ExistingVoter("u-c1", "GGGG-HHHH-JJJJ", "C1", Map.of())));
    }

    @Nested
    class ABatch {

        @Test
        void createsUpdatesAndRemovesAndCountsEach() {
            Realm realm = new Realm();
            realm.voters.addAll(List.of("B1", "C1"));

            Map<String, Integer> counts = VoterImportJob.apply(batch(), Set.of(), realm);

            assertThat(counts)
                    .containsEntry("created", 2)
                    .containsEntry("updated", 1)
                    .containsEntry("removed", 1)
                    .doesNotContainKey("skipped");
            assertThat(realm.voters).containsExactlyInAnyOrder("A1", "A2", "B1");
        }

        @Test
        void createsItsNewVotersTogetherThenUpdatesAndRemovesOneByOne() {
            Realm realm = new Realm();
            realm.voters.addAll(List.of("B1", "C1"));

            VoterImportJob.apply(batch(), Set.of(), realm);

            // The job runs what is between "begin" and "end" in Keycloak's batch mode: creations only, never a
            // change to an existing voter (those leave a trail and send notices one by one).
            assertThat(realm.calls)
                    .containsExactly(
                            "creations begin", "create A1", "create A2", "creations end", "update B1", "remove C1");
        }

        @Test
        void appliedAgainCreatesNoVoterTwiceAndLeavesTheRealmAsTheFirstRunDid() {
            Realm realm = new Realm();
            realm.voters.addAll(List.of("B1", "C1"));
            VoterImportJob.apply(batch(), Set.of(), realm);
            Set<String> afterFirstRun = Set.copyOf(realm.voters);
            realm.calls.clear();

            // The job asks the realm which of the batch's new employee numbers exist: after a first run, all.
            Map<String, Integer> replay = VoterImportJob.apply(batch(), Set.copyOf(realm.voters), realm);

            assertThat(realm.calls).as("no creation tried again").noneMatch(call -> call.startsWith("create"));
            assertThat(realm.voters).isEqualTo(afterFirstRun);
            assertThat(replay)
                    .containsEntry("skipped", 3)
                    .containsEntry("updated", 1)
                    .doesNotContainKey("created");
        }
    }

    @Nested
    class StoredSteps {

        @Test
        void readBackAsWritten() {
            List<VoterImportJob.Step> steps = batch();

            String stored = VoterImportJob.encode(steps);

            assertThat(VoterImportJob.decode(stored)).isEqualTo(steps);
        }
    }
}
