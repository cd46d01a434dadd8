package fr.isoloir.voterlist;

import fr.isoloir.voter.Voter;
import fr.isoloir.voter.VoterQueries;
import jakarta.persistence.EntityManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The realm's voters as the import compares them, read with two queries whatever their number:
 * the users (id, username, names, email) and the attributes a voter file sets. Going through
 * Keycloak's UserProvider would load each user and then its attributes, thousands of queries for a
 * big election, and fill the user cache with users nobody logs in as. Only reads: every write goes
 * through the UserProvider, so caches stay right. A voter, here, is a user with an employee number;
 * other users of the realm (managers, service accounts) are never compared, reported or removed.
 */
final class RealmVoters {

    /** The voters, and every username of the realm (for new identifiers that must not collide). */
    record Snapshot(List<ExistingVoter> voters, Set<String> usernames) {}

    private RealmVoters() {}

    static Snapshot load(KeycloakSession session, RealmModel realm) {
        EntityManager em = VoterQueries.entityManager(session);
        Map<String, Map<String, String>> fields = new HashMap<>();
        Map<String, String> usernames = new HashMap<>();
        for (Object[] user : em.createQuery(
                        "select u.id, u.username, u.email, u.firstName, u.lastName from UserEntity u"
                                + " where u.realmId = :realmId",
                        Object[].class)
                .setParameter("realmId", realm.getId())
                .getResultList()) {
            Map<String, String> values = new HashMap<>();
            values.put(VoterRow.EMAIL, (String) user[2]);
            values.put(VoterRow.FIRST_NAME, (String) user[3]);
            values.put(VoterRow.LAST_NAME, (String) user[4]);
            fields.put((String) user[0], values);
            usernames.put((String) user[0], (String) user[1]);
        }
        List<String> names = new ArrayList<>();
        names.add(Voter.EMPLOYEE_NUMBER);
        for (Column column : Column.values()) {
            names.add(column.attribute);
        }
        for (Object[] attribute : em.createQuery(
                        "select a.user.id, a.name, a.value from UserAttributeEntity a"
                                + " where a.user.realmId = :realmId and a.name in :names",
                        Object[].class)
                .setParameter("realmId", realm.getId())
                .setParameter("names", names)
                .getResultList()) {
            Map<String, String> values = fields.get((String) attribute[0]);
            if (values != null) {
                values.putIfAbsent((String) attribute[1], (String) attribute[2]);
            }
        }
        List<ExistingVoter> voters = new ArrayList<>();
        fields.forEach((id, values) -> {
            String number = values.get(Voter.EMPLOYEE_NUMBER);
            if (number != null && !number.isBlank()) {
                voters.add(new ExistingVoter(id, usernames.get(id), number, values));
            }
        });
        return new Snapshot(voters, new HashSet<>(usernames.values()));
    }

    /**
     * Which of these employee numbers a user of the realm already has: one query over the (NAME, VALUE)
     * index of the attribute table, for a batch of the import (a batch applied again skips its voters).
     */
    static Set<String> employeeNumbersAmong(KeycloakSession session, RealmModel realm, List<String> numbers) {
        if (numbers.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(VoterQueries.entityManager(session)
                .createQuery(
                        "select a.value from UserAttributeEntity a"
                                + " where a.name = :name and a.value in :numbers and a.user.realmId = :realmId",
                        String.class)
                .setParameter("name", Voter.EMPLOYEE_NUMBER)
                .setParameter("numbers", numbers)
                .setParameter("realmId", realm.getId())
                .getResultList());
    }
}
