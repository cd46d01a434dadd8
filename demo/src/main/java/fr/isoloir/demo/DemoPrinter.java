package fr.isoloir.demo;

import com.fasterxml.jackson.databind.JsonNode;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.bc.BcPGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A printing service's OpenPGP key pair, for the demo and the tests: the postal letters file is
 * encrypted to the printer's public key, so whoever shows a postal voter's code must decrypt it as the
 * printer would. RSA 3072 (what {@code gpg --quick-gen-key ... rsa3072} makes), secret key unprotected
 * (demo and tests only: a real printer keeps theirs under a passphrase, on their own machine).
 */
public final class DemoPrinter {

    static final String USER_ID = "Imprimeur de démonstration <imprimeur@example.org>";

    private final PGPSecretKeyRing secretRing;

    private DemoPrinter(PGPSecretKeyRing secretRing) {
        this.secretRing = secretRing;
    }

    /** A new key pair, in memory. */
    public static DemoPrinter generate() {
        try {
            RSAKeyPairGenerator rsa = new RSAKeyPairGenerator();
            rsa.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), new SecureRandom(), 3072, 80));
            PGPKeyPair pair = new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, rsa.generateKeyPair(), new Date());
            PGPDigestCalculator sha1 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
            PGPKeyRingGenerator rings = new PGPKeyRingGenerator(
                    PGPSignature.POSITIVE_CERTIFICATION,
                    pair,
                    USER_ID,
                    sha1,
                    null,
                    null,
                    new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256),
                    null);
            return new DemoPrinter(rings.generateSecretKeyRing());
        } catch (PGPException e) {
            throw new IllegalStateException("could not make the printer's key pair", e);
        }
    }

    /** The key pair kept in this folder (secret key {@code printer-secret.asc}), made there when missing. */
    public static DemoPrinter inFolder(Path folder) {
        Path secret = folder.resolve("printer-secret.asc");
        try {
            if (Files.exists(secret)) {
                try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(secret))) {
                    return new DemoPrinter(
                            new BcPGPSecretKeyRingCollection(in).getKeyRings().next());
                }
            }
            DemoPrinter printer = generate();
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("printer-public.asc"), printer.publicKeyArmoured());
            Files.writeString(secret, armour(printer.secretRing.getEncoded()));
            return printer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PGPException e) {
            throw new IllegalStateException("unreadable printer key in " + secret, e);
        }
    }

    /** The public key as {@code gpg --armor --export} gives it: what the election manager configures. */
    public String publicKeyArmoured() {
        try {
            ByteArrayOutputStream keys = new ByteArrayOutputStream();
            secretRing.getPublicKeys().forEachRemaining(key -> {
                try {
                    key.encode(keys);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return armour(keys.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The realm attribute the server reads the printer's key from (fr.isoloir.postal.PrinterKey). */
    public static final String ATTRIBUTE = "isoloir.printerPublicKey";
    /** Columns of the mail-merge file (fr.isoloir.postal.PostalLetters.COLUMNS). */
    static final int IDENTIFIER_COLUMN = 6;

    static final int CODE_COLUMN = 7;

    /** Makes this key the realm's printer key (the realm's other attributes kept). */
    public void install(KeycloakAdmin admin, String realm) {
        JsonNode current = admin.get("/admin/realms/" + realm).expect(200).json();
        Map<String, String> attributes = new LinkedHashMap<>();
        current.path("attributes")
                .properties()
                .forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
        attributes.put(ATTRIBUTE, publicKeyArmoured());
        admin.put("/admin/realms/" + realm, Map.of("attributes", attributes)).expect(204);
    }

    /**
     * One postal voter's letter, as the printer would read it: asks the server for that voter's letter
     * (a new code, replacing an earlier one), decrypts it, and gives the code printed on it.
     */
    public String letterCode(KeycloakAdmin admin, String realm, String userId) {
        KeycloakAdmin.Answer letter = admin.post(
                        "/admin/realms/" + realm + "/isoloir/postal-letters?confirm=true&voter=" + userId,
                        null,
                        new byte[0])
                .expect(200);
        List<List<String>> rows = rows(decrypt(letter.bytes()).text());
        if (rows.size() != 2) {
            throw new IllegalStateException("expected one letter, got " + (rows.size() - 1));
        }
        return rows.get(1).get(CODE_COLUMN);
    }

    /** The mail-merge file's lines as cells, header first (every cell quoted, BOM first, CRLF line ends). */
    public static List<List<String>> rows(String csv) {
        if (!csv.startsWith("\uFEFF")) {
            throw new IllegalArgumentException("not a mail-merge file (no BOM)");
        }
        return Arrays.stream(csv.substring(1).split("\r\n"))
                .map(line -> Arrays.stream(line.substring(1, line.length() - 1).split("\";\"", -1))
                        .map(cell -> cell.replace("\"\"", "\""))
                        .toList())
                .toList();
    }

    /** What the printer reads: the decrypted file, checked for integrity (MDC) and AES-256. */
    public Decrypted decrypt(byte[] message) {
        try {
            Object first =
                    new BcPGPObjectFactory(PGPUtil.getDecoderStream(new ByteArrayInputStream(message))).nextObject();
            BcPGPObjectFactory objects = null;
            PGPEncryptedDataList list;
            if (first instanceof PGPEncryptedDataList l) {
                list = l;
            } else {
                objects = new BcPGPObjectFactory(PGPUtil.getDecoderStream(new ByteArrayInputStream(message)));
                objects.nextObject();
                list = (PGPEncryptedDataList) objects.nextObject();
            }
            PGPPublicKeyEncryptedData data = (PGPPublicKeyEncryptedData) list.get(0);
            PGPSecretKey secret =
                    secretRing.getSecretKey(data.getKeyIdentifier().getKeyId());
            if (secret == null) {
                throw new IllegalArgumentException("not encrypted to this printer's key");
            }
            PGPPrivateKey key = secret.extractPrivateKey(
                    new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(new char[0]));
            BcPublicKeyDataDecryptorFactory decryptor = new BcPublicKeyDataDecryptorFactory(key);
            int algorithm = data.getSymmetricAlgorithm(decryptor);
            Object content = new BcPGPObjectFactory(data.getDataStream(decryptor)).nextObject();
            if (content instanceof PGPCompressedData compressed) {
                content = new BcPGPObjectFactory(compressed.getDataStream()).nextObject();
            }
            PGPLiteralData literal = (PGPLiteralData) content;
            byte[] plain = literal.getInputStream().readAllBytes();
            boolean intact = data.isIntegrityProtected() && data.verify();
            return new Decrypted(plain, literal.getFileName(), algorithm == SymmetricKeyAlgorithmTags.AES_256, intact);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PGPException e) {
            throw new IllegalStateException("could not decrypt: " + e.getMessage(), e);
        }
    }

    /** The decrypted file, and how it was protected. */
    public record Decrypted(byte[] bytes, String fileName, boolean aes256, boolean integrityChecked) {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static String armour(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream armoured =
                ArmoredOutputStream.builder().clearHeaders().build(out)) {
            armoured.write(bytes);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
