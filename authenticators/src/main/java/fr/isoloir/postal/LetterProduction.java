package fr.isoloir.postal;

import com.fasterxml.jackson.core.type.TypeReference;
import fr.isoloir.election.ElectionSettings;
import fr.isoloir.jobs.JobEntity;
import fr.isoloir.jobs.JobResumer;
import fr.isoloir.jobs.JobRunner;
import fr.isoloir.jobs.JobView;
import fr.isoloir.jobs.Jobs;
import fr.isoloir.voter.DeliveryChannel;
import fr.isoloir.voter.Voter;
import fr.isoloir.voter.VoterQueries;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The postal letters as a durable job ({@link fr.isoloir.jobs}, kind {@value #KIND}): the postal voters
 * without a passphrase, read in the post's order, are cut into batches of {@value #BATCH}; each batch, in
 * ONE transaction, gives its voters new codes and stores their mail-merge lines encrypted to the printer's
 * key ({@link LetterParts}). A node that stops loses at most the batch in flight, which rolls back whole
 * (codes and part together) and is done again by whoever takes the job over: no voter ends with a code
 * that no part carries, nor with two parts. No code is ever stored or logged in clear.
 *
 * <p>The file is a zip of the parts, each an OpenPGP message the printer decrypts alone; decrypted in
 * order and put end to end they are one mail-merge file (the first part carries the byte-order mark and the
 * header line). Why not one OpenPGP message: joining encrypted parts into one would need the message's
 * session key kept between batches, i.e. a key to every code at rest. One production per realm at a time.
 */
public final class LetterProduction {

    static final String KIND = "postal-letters";
    /**
     * Voters per transaction: their codes' hashing (PBKDF2) is what costs, spread over a few threads; small
     * enough that a batch holds the job's row about half a second on idle cores (a cancel waits for it).
     */
    static final int BATCH = 100;

    /** How long a cancel keeps trying while batches hold the job's row (H2 gives up a lock wait within seconds). */
    private static final long CANCEL_PATIENCE_MILLIS = 60_000;
    /** The printer's instructions, first in the zip. */
    static final String README = "LISEZMOI-IMPRIMEUR.txt";

    static final String FILE_NAME = "isoloir-courriers.zip";

    // Details kept with the job: no personal data, no code.
    static final String PRINTER_KEY = "printerKey";
    static final String VOTING_SITE = "votingSite";
    static final String ELECTION = "election";
    static final String WITH_CODE = "withCode";
    static final String SKIPPED_AT_START = "skippedAtStart";
    static final String LETTERS = "letters";
    static final String REPLACED = "replaced";
    static final String SKIPPED = "skipped";

    private static final String LOCK_PREFIX = "isoloir-postal-letters-lock:";
    private static final long LOCK_SECONDS = 300;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TypeReference<Batch> BATCH_TYPE = new TypeReference<>() {};

    private LetterProduction() {}

    /** One batch as stored with the job: its place in the file and its voters' ids (no personal data). */
    record Batch(int seq, List<String> ids) {}

    /**
     * The realm's production lock (cluster-wide), taken before the voters are read: concurrent starts get
     * it one at a time and the others are refused at once. Empty when a production runs or another start
     * holds the lock; otherwise what releases it (the caller releases it when it starts nothing).
     */
    static Optional<Runnable> lock(KeycloakSession session, RealmModel realm) {
        String realmId = realm.getId();
        // The lock before the check: a start racing this one either finds the lock taken or sees its job.
        if (!session.singleUseObjects().putIfAbsent(LOCK_PREFIX + realmId, LOCK_SECONDS)) {
            return Optional.empty();
        }
        Runnable unlock = () -> session.singleUseObjects().remove(LOCK_PREFIX + realmId);
        if (Jobs.running(session, realmId, KIND).isPresent()) {
            unlock.run();
            return Optional.empty();
        }
        return Optional.of(unlock);
    }

    /**
     * Stores the production as a job held by this node (deleting earlier productions' parts: their codes are
     * all being replaced) and starts it once this request commits, releasing the {@link #lock} then.
     */
    static JobView start(
            KeycloakSession session, RealmModel realm, PostalLetters.Scan scan, PrinterKey key, Runnable unlock) {
        String realmId = realm.getId();
        LetterParts.deleteRealm(session, realmId);
        List<Jobs.Chunk> chunks = new ArrayList<>();
        List<String> ids = scan.userIds();
        for (int from = 0, seq = 0; from < ids.size(); from += BATCH, seq++) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            chunks.add(new Jobs.Chunk(batch.size(), json(new Batch(seq, batch))));
        }
        ElectionSettings election = ElectionSettings.of(session, realm);
        Map<String, String> details = new LinkedHashMap<>();
        details.put(PRINTER_KEY, key.fingerprint());
        details.put(VOTING_SITE, election.votingSiteUrl());
        details.put(ELECTION, election.electionName());
        details.put(WITH_CODE, Integer.toString(scan.withCode()));
        details.put(SKIPPED_AT_START, Integer.toString(scan.skipped()));
        JobView job = JobResumer.startHere(session, realmId, KIND, details, chunks, work(session), unlock);
        return job;
    }

    /**
     * What a production would do, counted by the database (cheap even for 100,000 voters, for the page):
     * postal voters without a password credential, and those among them holding a letter code. The
     * production itself decides voter by voter (a password the voter did not set in the login flow counts
     * as none there), so its count can be a little higher.
     */
    static Map<String, Long> plan(KeycloakSession session, RealmModel realm) {
        var em = VoterQueries.entityManager(session);
        String postal = "from UserAttributeEntity a where a.name = :channel and lower(a.value) = 'postal'"
                + " and a.user.realmId = :realm";
        String password = "exists (select p from CredentialEntity p where p.user = a.user and p.type = :password)";
        String code = "exists (select c from CredentialEntity c where c.user = a.user and c.type = :code)";
        Map<String, Long> plan = new LinkedHashMap<>();
        plan.put("letters", count(em, "select count(a) " + postal + " and not " + password, realm));
        plan.put(
                "votersWithCode",
                count(em, "select count(a) " + postal + " and not " + password + " and " + code, realm));
        plan.put("skipped", count(em, "select count(a) " + postal + " and " + password, realm));
        return plan;
    }

    private static long count(jakarta.persistence.EntityManager em, String query, RealmModel realm) {
        var counting = em.createQuery(query, Long.class)
                .setParameter("channel", Voter.CHANNEL)
                .setParameter("realm", realm.getId());
        if (query.contains(":password")) {
            counting.setParameter("password", PasswordCredentialModel.TYPE);
        }
        if (query.contains(":code")) {
            counting.setParameter("code", PostalCodeCredentialProvider.TYPE);
        }
        return counting.getSingleResult();
    }

    /** Schedules, on this node, the takeover of productions whose node stopped. */
    static void scheduleResumer(KeycloakSession session) {
        JobResumer.schedule(session, KIND, LetterProduction::work, LetterParts::deleteForgotten);
    }

    static JobRunner.Work work(KeycloakSession session) {
        return LetterProduction::apply;
    }

    /**
     * One batch, in the job's transaction: new codes for its voters still postal and without a passphrase,
     * hashed on a few threads, stored; their lines encrypted to the printer's key and stored as the batch's
     * part. The printer's key must still be the one the production started with: a file in two keys would
     * be half unreadable (the batch fails, and after a few attempts the job).
     */
    static Map<String, Integer> apply(KeycloakSession session, RealmModel realm, JobView job, String payload) {
        Batch batch = read(payload);
        PrinterKey key = PrinterKey.of(realm)
                .key()
                .filter(k -> k.fingerprint().equals(job.details().get(PRINTER_KEY)))
                .orElseThrow(() -> new IllegalStateException("the printer key changed during the production"));
        List<UserModel> voters = new ArrayList<>(batch.ids().size());
        int skipped = 0;
        for (String id : batch.ids()) {
            UserModel user = session.users().getUserById(realm, id);
            if (user == null || new Voter(user).channel() != DeliveryChannel.POSTAL) {
                continue; // removed or moved to another channel since the start: no letter
            }
            if (new Voter(user).hasPassphrase(session, realm)) {
                skipped++; // chose a passphrase since the start: a code would not work (SEC-C3)
                continue;
            }
            voters.add(user);
        }
        List<PostalCode> codes = new ArrayList<>(voters.size());
        voters.forEach(v -> codes.add(PostalCode.generate(RANDOM)));
        List<CredentialModel> hashed = hash(session, codes);
        StringBuilder lines = new StringBuilder(batch.seq() == 0 ? MailMergeCsv.BOM : "");
        if (batch.seq() == 0) {
            lines.append(MailMergeCsv.line(PostalLetters.COLUMNS));
        }
        int replaced = 0;
        String site = job.details().get(VOTING_SITE);
        String election = job.details().get(ELECTION);
        for (int i = 0; i < voters.size(); i++) {
            if (PostalCodeCredentialProvider.replace(voters.get(i), hashed.get(i))) {
                replaced++;
            }
            lines.append(MailMergeCsv.line(
                    PostalLetters.cells(PostalLetters.letter(voters.get(i), codes.get(i)), site, election)));
        }
        byte[] encrypted = key.encrypt(
                lines.toString().getBytes(StandardCharsets.UTF_8),
                LetterParts.name(batch.seq()).replace(".gpg", ""));
        LetterParts.store(session, job.id(), realm.getId(), batch.seq(), voters.size(), encrypted);
        return Map.of(LETTERS, voters.size(), REPLACED, replaced, SKIPPED, skipped);
    }

    /** The codes' stored forms, hashed by a few workers at once (PBKDF2 is what a batch spends its time on). */
    private static List<CredentialModel> hash(KeycloakSession session, List<PostalCode> codes) {
        PasswordHashProvider hasher = PostalCodeCredentialProvider.hasher(session);
        Executor executor = session.getProvider(ExecutorsProvider.class).getExecutor(PostalLetters.EXECUTOR);
        int workers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        int slice = Math.max(1, (codes.size() + workers - 1) / workers);
        List<CompletableFuture<List<CredentialModel>>> parts = new ArrayList<>();
        for (int from = 0; from < codes.size(); from += slice) {
            List<PostalCode> mine = codes.subList(from, Math.min(codes.size(), from + slice));
            parts.add(CompletableFuture.supplyAsync(
                    () -> mine.stream()
                            .map(code -> PostalCodeCredentialProvider.hashed(hasher, code))
                            .toList(),
                    executor));
        }
        List<CredentialModel> hashed = new ArrayList<>(codes.size());
        parts.forEach(part -> hashed.addAll(part.join()));
        return hashed;
    }

    /**
     * Cancels the production in transactions of its own, tried again while a batch in flight holds the
     * job's row (each try waits for the lock as long as the database lets it): the batch finishes, then the
     * job is cancelled and its run stops before the next one.
     */
    static Optional<JobView> cancel(KeycloakSession session, RealmModel realm, String id) {
        var factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        long deadline = System.currentTimeMillis() + CANCEL_PATIENCE_MILLIS;
        for (int attempt = 0; ; attempt++) {
            try {
                return KeycloakModelUtils.runJobInTransactionWithResult(
                        factory, s -> Jobs.cancel(s, realmId, KIND, id));
            } catch (RuntimeException locked) {
                if (System.currentTimeMillis() > deadline) {
                    throw locked;
                }
                // A failure that comes at once (not a lock wait) must not turn into a busy loop on the database.
                pause(Math.min(1000L, 50L << Math.min(attempt, 5)));
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while cancelling", e);
        }
    }

    /** The realm's latest production, if any (ended ones are kept a week). */
    static Optional<JobView> latest(KeycloakSession session, RealmModel realm) {
        return VoterQueries.entityManager(session)
                .createQuery(
                        "select j.id from " + JobEntity.class.getSimpleName()
                                + " j where j.realmId = :realmId and j.kind = :kind order by j.startedAt desc",
                        String.class)
                .setParameter("realmId", realm.getId())
                .setParameter("kind", KIND)
                .setMaxResults(1)
                .getResultStream()
                .findFirst()
                .flatMap(id -> Jobs.find(session, realm.getId(), KIND, id));
    }

    /** A production's status as the REST API and the page show it. */
    static Map<String, Object> status(KeycloakSession session, JobView job) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", job.id());
        body.putAll(job.progress().toJson(Instant.now()));
        body.put(LETTERS, job.count(LETTERS));
        body.put(REPLACED, job.count(REPLACED));
        body.put(SKIPPED, job.count(SKIPPED) + job.count(SKIPPED_AT_START));
        body.put(PRINTER_KEY, job.details().get(PRINTER_KEY));
        body.put("error", job.error());
        long[] parts = LetterParts.count(session, job.id());
        body.put("parts", parts[0]);
        // Ended with parts stored: a cancelled or failed production's done batches have new codes, so their file
        // counts.
        body.put("fileAvailable", job.state().ended() && parts[0] > 0);
        return body;
    }

    /** What the printer reads first in the zip: what the parts are and how to make one file of them. */
    static String readme(JobView job, long parts) {
        String first = LetterParts.name(0);
        String last = LetterParts.name((int) Math.max(0, parts - 1));
        return String.join(
                "\r\n",
                "Courriers postaux - " + job.details().get(ELECTION),
                "",
                "Ce dossier contient " + parts + " fichiers chiffrés pour votre clé OpenPGP (empreinte "
                        + job.details().get(PRINTER_KEY) + "), de " + first + " à " + last + ".",
                "Déchiffrés dans l'ordre de leurs numéros et mis bout à bout, ils forment un seul fichier de",
                "publipostage CSV (UTF-8 avec BOM, séparateur ;), dont la ligne d'en-tête est au début du premier.",
                "",
                "Avec GnuPG (Linux, macOS, Windows avec Gpg4win), dans ce dossier :",
                "  for f in courriers-*.csv.gpg; do gpg --decrypt \"$f\"; done > courriers.csv",
                "Windows, invite de commandes (cmd) avec Gpg4win, dans ce dossier :",
                "  for %f in (courriers-*.csv.gpg) do gpg --decrypt \"%f\" >> courriers.csv",
                "Chaque code de connexion imprimé est un secret : détruisez le fichier déchiffré après l'impression.",
                "",
                "Postal letters: " + parts + " files encrypted to your OpenPGP key. Decrypt them in the order of"
                        + " their numbers and join them end to end: one mail-merge CSV file, header line first.",
                "  for f in courriers-*.csv.gpg; do gpg --decrypt \"$f\"; done > courriers.csv",
                "");
    }

    private static Batch read(String payload) {
        try {
            return JsonSerialization.readValue(payload, BATCH_TYPE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(Batch batch) {
        try {
            return JsonSerialization.writeValueAsString(batch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
