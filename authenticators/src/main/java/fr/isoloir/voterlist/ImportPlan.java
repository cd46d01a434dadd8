package fr.isoloir.voterlist;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What importing a checked file would do to the realm's voters, keyed by employee number: voters to
 * create, voters whose fields changed (which ones), voters unchanged, and voters of the realm absent
 * from the file. Importing the same file twice plans nothing the second time. Pure.
 *
 * @param conflicts employee numbers held by several users of the realm: the import cannot tell which
 *                  one the file means, so it refuses until the manager merges or renumbers them
 */
public record ImportPlan(
        List<VoterRow> creates,
        List<Update> updates,
        int unchanged,
        List<ExistingVoter> absent,
        List<String> conflicts) {

    /** A voter of the file that exists with other values: the fields that change. */
    public record Update(VoterRow row, String userId, List<String> changed) {}

    public static ImportPlan of(List<VoterRow> rows, List<ExistingVoter> existing) {
        Map<String, ExistingVoter> byNumber = new LinkedHashMap<>();
        Set<String> conflicts = new java.util.TreeSet<>();
        for (ExistingVoter voter : existing) {
            if (byNumber.putIfAbsent(voter.employeeNumber(), voter) != null) {
                conflicts.add(voter.employeeNumber());
            }
        }
        List<VoterRow> creates = new ArrayList<>();
        List<Update> updates = new ArrayList<>();
        int unchanged = 0;
        Set<String> inFile = new HashSet<>();
        for (VoterRow row : rows) {
            inFile.add(row.employeeNumber());
            ExistingVoter voter = byNumber.get(row.employeeNumber());
            if (voter == null) {
                creates.add(row);
                continue;
            }
            List<String> changed = new ArrayList<>();
            row.fields().forEach((name, value) -> {
                if (!Objects.equals(
                        blankToNull(value), blankToNull(voter.fields().get(name)))) {
                    changed.add(name);
                }
            });
            if (changed.isEmpty()) {
                unchanged++;
            } else {
                updates.add(new Update(row, voter.userId(), List.copyOf(changed)));
            }
        }
        List<ExistingVoter> absent = byNumber.values().stream()
                .filter(v -> !inFile.contains(v.employeeNumber()))
                .toList();
        return new ImportPlan(List.copyOf(creates), List.copyOf(updates), unchanged, absent, List.copyOf(conflicts));
    }

    /** How many users the import touches with these options. */
    public int work(boolean removeAbsent) {
        return creates.size() + updates.size() + (removeAbsent ? absent.size() : 0);
    }

    /** The counts and a few examples, for the REST report, the console item and the admin event. */
    public Map<String, Object> summary(int examples) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("create", creates.size());
        summary.put("update", updates.size());
        summary.put("unchanged", unchanged);
        summary.put("absent", absent.size());
        summary.put(
                "createExamples",
                creates.stream()
                        .limit(examples)
                        .map(r -> Map.of(
                                "line",
                                r.line(),
                                "employeeNumber",
                                r.employeeNumber(),
                                "channel",
                                r.channel().attributeValue()))
                        .toList());
        summary.put(
                "updateExamples",
                updates.stream()
                        .limit(examples)
                        .map(u -> Map.of(
                                "line",
                                u.row().line(),
                                "employeeNumber",
                                u.row().employeeNumber(),
                                "changed",
                                u.changed()))
                        .toList());
        summary.put(
                "absentExamples",
                absent.stream()
                        .limit(examples)
                        .map(v -> Map.of("employeeNumber", v.employeeNumber(), "identifier", v.username()))
                        .toList());
        if (!conflicts.isEmpty()) {
            summary.put("conflicts", conflicts);
        }
        return summary;
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
