package fr.isoloir.postal;

import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPCompressedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.keycloak.models.RealmModel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The printing service's OpenPGP public key (realm attribute {@value #ATTRIBUTE}, ASCII-armoured): the
 * postal letters file is encrypted to it, so that the codes it carries are readable by the printer
 * alone, never by the election manager who produces it nor by anyone who sees the answer (CNIL
 * délibération 2019-053: nobody on the organiser's side learns a voter's authentication means).
 *
 * <p>Encryption: AES-256 with the modification-detection packet (SEIPD v1 with MDC, which GnuPG 2.2 and
 * every OpenPGP tool read), compressed (ZIP) before encryption, binary output ({@code .csv.gpg}).
 */
public final class PrinterKey {

    /** The realm attribute holding the armoured public key (an election setting, realm-export placeholder). */
    public static final String ATTRIBUTE = "isoloir.printerPublicKey";
    /** Longest key text accepted: a 4096-bit RSA key with a few signatures is about 3 kB armoured. */
    static final int MAX_LENGTH = 64 * 1024;

    static final int MIN_RSA_BITS = 2048;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PGPPublicKey key;

    private PrinterKey(PGPPublicKey key) {
        this.key = key;
    }

    /** The realm's key, or why there is none usable (in words for the manager). */
    public static Parsed of(RealmModel realm) {
        return parse(realm.getAttribute(ATTRIBUTE));
    }

    /** A key, or the reason the text is not one. */
    public record Parsed(Optional<PrinterKey> key, String problem) {
        static Parsed problem(String problem) {
            return new Parsed(Optional.empty(), problem);
        }
    }

    /** Reads an armoured (or binary) OpenPGP public key and picks its encryption key. */
    public static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            return Parsed.problem("no printer public key is set (realm attribute " + ATTRIBUTE + ", docs/election.md)");
        }
        if (text.length() > MAX_LENGTH) {
            return Parsed.problem("the printer public key is longer than " + MAX_LENGTH + " characters");
        }
        List<PGPPublicKey> candidates = new ArrayList<>();
        try {
            BcPGPPublicKeyRingCollection rings = new BcPGPPublicKeyRingCollection(PGPUtil.getDecoderStream(
                    new ByteArrayInputStream(text.trim().getBytes(StandardCharsets.US_ASCII))));
            for (Iterator<PGPPublicKeyRing> r = rings.getKeyRings(); r.hasNext(); ) {
                for (Iterator<PGPPublicKey> k = r.next().getPublicKeys(); k.hasNext(); ) {
                    candidates.add(k.next());
                }
            }
        } catch (IOException | PGPException | RuntimeException e) {
            return Parsed.problem(
                    "the printer public key is not an OpenPGP public key (export it with " + "gpg --armor --export)");
        }
        Instant now = Instant.now();
        for (PGPPublicKey candidate : candidates) {
            if (!candidate.isEncryptionKey() || candidate.hasRevocation()) {
                continue;
            }
            long valid = candidate.getValidSeconds();
            if (valid > 0
                    && candidate
                            .getCreationTime()
                            .toInstant()
                            .plusSeconds(valid)
                            .isBefore(now)) {
                continue;
            }
            if (isRsa(candidate) && candidate.getBitStrength() < MIN_RSA_BITS) {
                continue;
            }
            return new Parsed(Optional.of(new PrinterKey(candidate)), "");
        }
        return Parsed.problem(
                candidates.isEmpty()
                        ? "the printer public key holds no key"
                        : "the printer public key has no valid encryption key (none, expired, revoked, or RSA under "
                                + MIN_RSA_BITS + " bits)");
    }

    /** The encryption key's fingerprint (hex), for the admin event: whoever checks can tell the printer's key. */
    public String fingerprint() {
        return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
    }

    /** The file encrypted to the printer: binary OpenPGP message, AES-256 with integrity protection. */
    public byte[] encrypt(byte[] plain, String fileName) {
        PGPEncryptedDataGenerator encrypted =
                new PGPEncryptedDataGenerator(new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                        .setWithIntegrityPacket(true)
                        .setSecureRandom(RANDOM));
        encrypted.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(key).setSecureRandom(RANDOM));
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 3 + 1024);
        try (OutputStream encrypting = encrypted.open(out, new byte[1 << 16])) {
            PGPCompressedDataGenerator compressed = new PGPCompressedDataGenerator(CompressionAlgorithmTags.ZIP);
            try (OutputStream compressing = compressed.open(encrypting)) {
                PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
                try (OutputStream data =
                        literal.open(compressing, PGPLiteralData.BINARY, fileName, plain.length, new Date())) {
                    data.write(plain);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PGPException e) {
            throw new IllegalStateException("OpenPGP encryption failed", e);
        }
        return out.toByteArray();
    }

    private static boolean isRsa(PGPPublicKey key) {
        int algorithm = key.getAlgorithm();
        return algorithm == org.bouncycastle.bcpg.PublicKeyAlgorithmTags.RSA_GENERAL
                || algorithm == org.bouncycastle.bcpg.PublicKeyAlgorithmTags.RSA_ENCRYPT;
    }

    @Override
    public String toString() {
        return "PrinterKey[" + fingerprint() + "]";
    }
}
