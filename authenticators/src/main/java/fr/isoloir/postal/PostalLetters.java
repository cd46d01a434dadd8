package fr.isoloir.postal;

import fr.isoloir.election.ElectionSettings;
import fr.isoloir.identifier.VoterIdentifier;
import fr.isoloir.voter.DeliveryChannel;
import fr.isoloir.voter.Voter;
import fr.isoloir.voter.VoterQueries;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Produces the postal letters: a new connection code for every postal voter (attribute
 * {@code deliveryChannel=postal}) who has not yet chosen a passphrase, and the mail-merge file that
 * carries them to the printer. A new code replaces the voter's earlier one (SEC-C2), so producing the
 * letters again makes every earlier letter's code stop working: when some voters already hold a code,
 * nothing happens without an explicit confirmation.
 *
 * <p>The file is for the printer, not for the manager who asks for it: it is encrypted to the printer's
 * OpenPGP key ({@link PrinterKey}) before it leaves this class, and without a usable key nothing is done
 * (no code replaced). Only the ciphertext is returned.
 *
 * <p>Big lists: voters are read in pages and their codes made in batches of {@value #BATCH}, each in a
 * transaction of its own (100,000 voters never hold one giant transaction), by a few workers in
 * parallel since hashing a code (PBKDF2, 10,000 iterations) is what costs. The codes exist only in the
 * file returned; they are never logged. Stateless: everything lives in the call.
 */
public final class PostalLetters {
    static final int BATCH = 100;
    static final String EXECUTOR = "isoloir-postal-letters";
    /** The columns of the mail-merge file, in order (docs/election.md). */
    public static final List<String> COLUMNS = List.of(
            "name",
            "address1",
            "address2",
            "address3",
            "postcode",
            "city",
            "identifier",
            "connectionCode",
            "votingSite",
            "election");

    public static final List<String> ADDRESS_ATTRIBUTES =
            List.of("postalAddress1", "postalAddress2", "postalAddress3", "postcode", "city");

    private static final Logger LOG = Logger.getLogger(PostalLetters.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private PostalLetters() {}

    /** What an export did or would do. */
    public sealed interface Result permits Produced, NeedsConfirmation, Failed, NoPrinterKey {}

    /**
     * The letters were produced.
     *
     * @param encrypted the mail-merge file (UTF-8 with BOM) encrypted to the printer's key: only the
     *                  printer can read the codes in it
     * @param letters   codes issued, one per line of the file
     * @param skipped   postal voters left out because they already chose a passphrase
     * @param replaced  letters among them that replaced an earlier code
     * @param sha256    of the encrypted file
     * @param printerKey fingerprint of the key it is encrypted to
     */
    public record Produced(
            byte[] encrypted, int letters, int skipped, int replaced, String sha256, String printerKey, long millis)
            implements Result {
        @Override
        public String toString() {
            return "Produced[letters=" + letters + ", skipped=" + skipped + ", sha256=" + sha256 + "]";
        }
    }

    /** No usable printer key: nothing was changed. */
    public record NoPrinterKey(String problem) implements Result {
        public String message() {
            return "The postal letters were not produced: " + problem + ". Nothing was changed. / Les courriers "
                    + "n'ont pas été produits : la clé publique OpenPGP de l'imprimeur manque ou n'est pas valable "
                    + "(attribut " + PrinterKey.ATTRIBUTE + "). Rien n'a été modifié.";
        }
    }

    /** Some postal voters already hold a letter code: nothing was changed. */
    public record NeedsConfirmation(int withCode, int letters, int skipped) implements Result {
        public String warning() {
            return withCode + " postal voter(s) already have a connection code from an earlier export. Exporting again "
                    + "gives all " + letters + " postal voter(s) without a passphrase a new code: the codes of the "
                    + "letters already printed or sent stop working at once. Confirm to go on.";
        }
    }

    /** The work stopped halfway: some voters got a new code that no file carries. */
    public record Failed(int codesChanged, String reason) implements Result {
        public String message() {
            return "The letters could not be produced (" + reason + "). " + codesChanged + " postal voter(s) already "
                    + "got a new code that is in no file: export again with confirmation to give every postal voter "
                    + "a new code and a file that carries it.";
        }
    }

    /** One line of the file, held in memory until the file is written. */
    record Letter(
            String name,
            String address1,
            String address2,
            String address3,
            String postcode,
            String city,
            String identifier,
            String code) {
        @Override
        public String toString() {
            return "Letter[" + identifier + "]";
        }
    }

    /** The voters a run would give a letter to, and those it would leave out. */
    record Scan(List<String> userIds, int withCode, int skipped) {}

    /**
     * Produces the letters of the realm's postal voters.
     *
     * @param confirmed whether the manager confirmed that earlier codes may be replaced
     * @param onlyVoter one voter's letter alone (a reprint), the caller having checked that voter
     */
    public static Result produce(
            KeycloakSession session, RealmModel realm, boolean confirmed, Optional<UserModel> onlyVoter) {
        long start = System.nanoTime();
        PrinterKey.Parsed printer = PrinterKey.of(realm);
        if (printer.key().isEmpty()) {
            return new NoPrinterKey(printer.problem());
        }
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        Scan scan = onlyVoter.map(PostalLetters::scanOne).orElseGet(() -> scan(factory, realmId));
        if (scan.withCode() > 0 && !confirmed) {
            return new NeedsConfirmation(scan.withCode(), scan.userIds().size(), scan.skipped());
        }
        ElectionSettings settings = ElectionSettings.of(session, realm);

        Queue<List<String>> batches = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < scan.userIds().size(); i += BATCH) {
            batches.add(
                    scan.userIds().subList(i, Math.min(i + BATCH, scan.userIds().size())));
        }
        List<Letter> letters =
                Collections.synchronizedList(new ArrayList<>(scan.userIds().size()));
        AtomicInteger skippedMeanwhile = new AtomicInteger();
        AtomicInteger issued = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        int workers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        Executor executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            running.add(CompletableFuture.runAsync(
                    () -> {
                        List<String> batch;
                        while (!failed.get() && (batch = batches.poll()) != null) {
                            List<String> ids = batch;
                            try {
                                List<Letter> done = KeycloakModelUtils.runJobInTransactionWithResult(
                                        factory, s -> issueBatch(s, realmId, ids, skippedMeanwhile));
                                letters.addAll(done);
                                issued.addAndGet(done.size());
                            } catch (RuntimeException e) {
                                failed.set(true);
                                throw e;
                            }
                        }
                    },
                    executor));
        }
        try {
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.errorf(
                    "Isoloir: realm %s: postal letters stopped after %d codes: %s",
                    realm.getName(), issued.get(), cause.getClass().getName());
            return new Failed(issued.get(), cause.getClass().getSimpleName());
        }

        List<Letter> sorted = new ArrayList<>(letters);
        // Sorted as the post sorts letters: by postcode, then town, then name (bulk-mail rates want it).
        sorted.sort(Comparator.comparing(Letter::postcode)
                .thenComparing(Letter::city)
                .thenComparing(Letter::name)
                .thenComparing(Letter::identifier));
        byte[] encrypted = printer.key()
                .get()
                .encrypt(
                        write(sorted, settings.votingSiteUrl(), settings.electionName()),
                        PostalLettersResource.PLAIN_FILE_NAME);
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.infof(
                "Isoloir: realm %s: %d postal letters produced in %.1f s (%.0f codes/s, %d workers, batches of %d); "
                        + "%d voters with a passphrase skipped",
                realm.getName(),
                sorted.size(),
                millis / 1000.0,
                sorted.isEmpty() ? 0.0 : sorted.size() * 1000.0 / Math.max(1, millis),
                workers,
                BATCH,
                scan.skipped() + skippedMeanwhile.get());
        return new Produced(
                encrypted,
                sorted.size(),
                scan.skipped() + skippedMeanwhile.get(),
                Math.min(scan.withCode(), sorted.size()),
                sha256(encrypted),
                printer.key().get().fingerprint(),
                millis);
    }

    /** The scan of one voter, known to be a postal voter without a passphrase. */
    private static Scan scanOne(UserModel user) {
        boolean withCode = user.credentialManager()
                .getStoredCredentialsStream()
                .anyMatch(c -> PostalCodeCredentialProvider.TYPE.equals(c.getType()));
        return new Scan(List.of(user.getId()), withCode ? 1 : 0, 0);
    }

    /** Where a voter's letter goes in the post's order: postcode, town, name (bulk-mail rates want it). */
    private record PostOrder(String postcode, String city, String name, String id) {
        static final Comparator<PostOrder> ORDER = Comparator.comparing(PostOrder::postcode)
                .thenComparing(PostOrder::city)
                .thenComparing(PostOrder::name)
                .thenComparing(PostOrder::id);
    }

    /**
     * The postal voters a production gives a letter to, in the post's order (a file written in that order
     * needs no sorting), read by two set-based queries in one short transaction: the voters with their
     * names and whether they hold a password or a letter code, then their postcodes and towns. Only a voter
     * holding a password is read one by one, to tell a passphrase set in the login flow (no letter) from a
     * password set otherwise (counts as none: {@code PassphraseSeal}). Paging through Keycloak's user search
     * instead took over five minutes at 100,000 postal voters (offset paging, a credential query per voter):
     * longer than the request's transaction may last.
     */
    static Scan scan(KeycloakSessionFactory factory, String realmId) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            s.getContext().setRealm(realm);
            EntityManager em = VoterQueries.entityManager(s);
            String postal = "select a.user.id from UserAttributeEntity a where a.name = :channel"
                    + " and lower(a.value) = :postal and a.user.realmId = :realm";
            List<Object[]> voters = em.createQuery(
                            "select u.id, u.firstName, u.lastName,"
                                    + " (select count(p) from CredentialEntity p where p.user = u and p.type = :password),"
                                    + " (select count(c) from CredentialEntity c where c.user = u and c.type = :code)"
                                    + " from UserEntity u where u.id in (" + postal + ")",
                            Object[].class)
                    .setParameter("channel", Voter.CHANNEL)
                    .setParameter("postal", DeliveryChannel.POSTAL.attributeValue())
                    .setParameter("realm", realmId)
                    .setParameter("password", PasswordCredentialModel.TYPE)
                    .setParameter("code", PostalCodeCredentialProvider.TYPE)
                    .getResultList();
            Map<String, String[]> places = new HashMap<>();
            em.createQuery(
                            "select a.user.id, a.name, a.value from UserAttributeEntity a where a.name in (:postcode, :city)"
                                    + " and a.user.id in (" + postal + ")",
                            Object[].class)
                    .setParameter("postcode", ADDRESS_ATTRIBUTES.get(3))
                    .setParameter("city", ADDRESS_ATTRIBUTES.get(4))
                    .setParameter("channel", Voter.CHANNEL)
                    .setParameter("postal", DeliveryChannel.POSTAL.attributeValue())
                    .setParameter("realm", realmId)
                    .getResultStream()
                    .forEach(row -> places.computeIfAbsent((String) row[0], id -> new String[2])[
                                    ADDRESS_ATTRIBUTES.get(3).equals(row[1]) ? 0 : 1] =
                            nonNull((String) row[2]));
            List<PostOrder> letters = new ArrayList<>(voters.size());
            int withCode = 0;
            int skipped = 0;
            for (Object[] row : voters) {
                String id = (String) row[0];
                if (((Number) row[3]).longValue() > 0) {
                    UserModel user = s.users().getUserById(realm, id);
                    if (user == null || new Voter(user).hasPassphrase(s, realm)) {
                        skipped++;
                        continue;
                    }
                }
                if (((Number) row[4]).longValue() > 0) {
                    withCode++;
                }
                String[] place = places.getOrDefault(id, new String[2]);
                String name = String.join(" ", nonNull((String) row[1]), nonNull((String) row[2]))
                        .trim();
                letters.add(new PostOrder(nonNull(place[0]), nonNull(place[1]), name, id));
            }
            letters.sort(PostOrder.ORDER);
            return new Scan(letters.stream().map(PostOrder::id).toList(), withCode, skipped);
        });
    }

    private static List<Letter> issueBatch(
            KeycloakSession session, String realmId, List<String> ids, AtomicInteger skipped) {
        RealmModel realm = session.realms().getRealm(realmId);
        session.getContext().setRealm(realm);
        List<Letter> letters = new ArrayList<>(ids.size());
        for (String id : ids) {
            UserModel user = session.users().getUserById(realm, id);
            if (user == null || new Voter(user).channel() != DeliveryChannel.POSTAL) {
                continue;
            }
            if (new Voter(user).hasPassphrase(session, realm)) {
                // Chose a passphrase since the scan: a code would not work (SEC-C3).
                skipped.incrementAndGet();
                continue;
            }
            PostalCode code = PostalCodeCredentialProvider.issue(session, user, RANDOM);
            letters.add(letter(user, code));
        }
        return letters;
    }

    /** One voter's line of the file: their name, address and identifier as printed, and the new code. */
    static Letter letter(UserModel user, PostalCode code) {
        String name = String.join(" ", nonNull(user.getFirstName()), nonNull(user.getLastName()))
                .trim();
        String identifier = VoterIdentifier.parse(user.getUsername())
                .identifier()
                .map(VoterIdentifier::display)
                .orElse(user.getUsername());
        return new Letter(
                name,
                attribute(user, 0),
                attribute(user, 1),
                attribute(user, 2),
                attribute(user, 3),
                attribute(user, 4),
                identifier,
                code == null ? "" : code.display());
    }

    /** The cells of a letter's line, in the order of {@link #COLUMNS}. */
    static List<String> cells(Letter l, String votingSite, String election) {
        return List.of(
                l.name(),
                l.address1(),
                l.address2(),
                l.address3(),
                l.postcode(),
                l.city(),
                l.identifier(),
                l.code(),
                votingSite,
                election);
    }

    /** The file's bytes for these letters. */
    static byte[] write(List<Letter> letters, String votingSite, String election) {
        MailMergeCsv csv = new MailMergeCsv(COLUMNS);
        for (Letter l : letters) {
            csv.row(cells(l, votingSite, election));
        }
        return csv.bytes();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String attribute(UserModel user, int index) {
        return nonNull(user.getFirstAttribute(ADDRESS_ATTRIBUTES.get(index)));
    }

    private static String nonNull(String value) {
        return Objects.requireNonNullElse(value, "").trim();
    }
}
