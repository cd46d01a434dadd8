package fr.isoloir.voterlist;

import fr.isoloir.voter.DeliveryChannel;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ImportPlanTest {

    private static VoterRow row(int line, String number, String email) {
        return new VoterRow(
                line,
                number,
                "Roux",
                "Sam",
                email,
                null,
                null,
                null,
                null,
                null,
                null,
                "Cadres",
                DeliveryChannel.EMAIL);
    }

    private static ExistingVoter existing(VoterRow row, String userId) {
        return new ExistingVoter(userId, "id-" + userId, row.employeeNumber(), new HashMap<>(row.fields()));
    }

    @Test
    void newNumbersAreCreatedChangedFieldsUpdatedAndMissingNumbersReportedAbsent() {
        VoterRow kept = row(2, "A1", "a1@example.org");
        VoterRow moved = row(3, "A2", "new@example.org");
        VoterRow fresh = row(4, "A3", "a3@example.org");
        ExistingVoter movedBefore = existing(row(9, "A2", "old@example.org"), "u2");
        ExistingVoter gone = existing(row(9, "A9", "a9@example.org"), "u9");

        ImportPlan plan = ImportPlan.of(List.of(kept, moved, fresh), List.of(existing(kept, "u1"), movedBefore, gone));

        assertThat(plan.creates()).containsExactly(fresh);
        assertThat(plan.updates()).singleElement().satisfies(u -> {
            assertThat(u.userId()).isEqualTo("u2");
            assertThat(u.changed()).containsExactly("email");
        });
        assertThat(plan.unchanged()).isEqualTo(1);
        assertThat(plan.absent()).containsExactly(gone);
        assertThat(plan.work(false)).isEqualTo(2);
        assertThat(plan.work(true)).isEqualTo(3);
    }

    @Test
    void theSameFileAgainPlansNothingAndAnEmptiedFieldCountsAsAChange() {
        VoterRow row = row(2, "A1", "a1@example.org");
        Map<String, String> stored = new HashMap<>(row.fields());
        stored.put("phoneNumber", ""); // stored empty = absent
        assertThat(ImportPlan.of(List.of(row), List.of(new ExistingVoter("u1", "x", "A1", stored)))
                        .work(true))
                .isZero();

        VoterRow noCollege = new VoterRow(
                2,
                "A1",
                "Roux",
                "Sam",
                "a1@example.org",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                DeliveryChannel.EMAIL);
        assertThat(ImportPlan.of(List.of(noCollege), List.of(existing(row, "u1")))
                        .updates()
                        .get(0)
                        .changed())
                .containsExactly("electoralCollege");
    }

    @Test
    void anEmployeeNumberHeldByTwoUsersOfTheRealmIsAConflict() {
        VoterRow row = row(2, "A1", "a1@example.org");
        ImportPlan plan = ImportPlan.of(List.of(row), List.of(existing(row, "u1"), existing(row, "u2")));
        assertThat(plan.conflicts()).containsExactly("A1");
        assertThat(plan.summary(3)).containsEntry("conflicts", List.of("A1"));
    }
}
