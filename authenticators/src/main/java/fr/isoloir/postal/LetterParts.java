package fr.isoloir.postal;

import fr.isoloir.voter.VoterQueries;
import jakarta.persistence.EntityManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The encrypted parts of letter productions, in the database (every node of a cluster sees them; no node's
 * disk holds a file), and the download that puts them in one zip for the printer, read a few parts at a
 * time: memory stays bounded whatever the number of letters.
 */
final class LetterParts {

    /** Parts read per transaction while a download streams. */
    static final int PAGE = 20;

    private LetterParts() {}

    /** A part as the download needs it. */
    record Part(int seq, int letters, byte[] encrypted) {}

    static void store(KeycloakSession session, String jobId, String realmId, int seq, int letters, byte[] encrypted) {
        LetterPartEntity part = new LetterPartEntity();
        part.setId(jobId + ":" + seq);
        part.setJobId(jobId);
        part.setRealmId(realmId);
        part.setSeq(seq);
        part.setLetters(letters);
        part.setData(Base64.getEncoder().encodeToString(encrypted));
        VoterQueries.entityManager(session).persist(part);
    }

    /** Parts stored for the job, and the letters they hold: {parts, letters}. */
    static long[] count(KeycloakSession session, String jobId) {
        Object[] row = VoterQueries.entityManager(session)
                .createQuery(
                        "select count(p), coalesce(sum(p.letters), 0) from LetterPartEntity p where p.jobId = :jobId",
                        Object[].class)
                .setParameter("jobId", jobId)
                .getSingleResult();
        return new long[] {((Number) row[0]).longValue(), ((Number) row[1]).longValue()};
    }

    /** Deletes a production's parts (the manager's choice, once the printer has the file). */
    static int delete(KeycloakSession session, String jobId) {
        return VoterQueries.entityManager(session)
                .createQuery("delete from LetterPartEntity p where p.jobId = :jobId")
                .setParameter("jobId", jobId)
                .executeUpdate();
    }

    /**
     * Deletes the parts of productions whose status was forgotten (a week after they ended): no download
     * can reach them any more.
     */
    static void deleteForgotten(KeycloakSession session) {
        VoterQueries.entityManager(session)
                .createQuery("delete from LetterPartEntity p where not exists"
                        + " (select j.id from JobEntity j where j.id = p.jobId)")
                .executeUpdate();
    }

    /** Deletes every earlier production's parts in the realm: a new production replaces all their codes. */
    static int deleteRealm(KeycloakSession session, String realmId) {
        return VoterQueries.entityManager(session)
                .createQuery("delete from LetterPartEntity p where p.realmId = :realmId")
                .setParameter("realmId", realmId)
                .executeUpdate();
    }

    private static List<Part> page(KeycloakSession session, String jobId, int fromSeq) {
        EntityManager em = VoterQueries.entityManager(session);
        return em.createQuery(
                        "select p from LetterPartEntity p where p.jobId = :jobId and p.seq >= :from order by p.seq",
                        LetterPartEntity.class)
                .setParameter("jobId", jobId)
                .setParameter("from", fromSeq)
                .setMaxResults(PAGE)
                .getResultStream()
                .map(p ->
                        new Part(p.getSeq(), p.getLetters(), Base64.getDecoder().decode(p.getData())))
                .toList();
    }

    /** The part's name in the zip: numbered so that the names' order is the file's order. */
    static String name(int seq) {
        return String.format(Locale.ROOT, "courriers-%05d.csv.gpg", seq + 1);
    }

    /**
     * Writes the zip: the printer's instructions first ({@value LetterProduction#README}), then each part in
     * order. Each page of parts is read in a transaction of its own, so the download holds none open.
     */
    static void writeZip(KeycloakSessionFactory factory, String jobId, String readme, OutputStream out)
            throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(LetterProduction.README));
            zip.write(readme.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            int next = 0;
            while (true) {
                int from = next;
                List<Part> parts = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> page(s, jobId, from));
                for (Part part : parts) {
                    // Already compressed and encrypted: stored as is would do, deflate costs little and needs no CRC
                    // first.
                    zip.putNextEntry(new ZipEntry(name(part.seq())));
                    zip.write(part.encrypted());
                    zip.closeEntry();
                    next = part.seq() + 1;
                }
                if (parts.size() < PAGE) {
                    return;
                }
            }
        }
    }
}
