package fr.isoloir.testsupport;

import fr.isoloir.demo.DemoPrinter;
import fr.isoloir.keycloakrunner.KeycloakAdmin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The printing service of the tests: one OpenPGP key pair for the test run (made once, never changed),
 * whose public key the test realms hold as their printer key, and whose secret key decrypts the postal
 * letters as the printer would. The server gives no code in clear to anyone, so a test that needs a postal
 * voter's code reads it from that voter's letter.
 */
public final class TestPrinter {

    /** Immutable once made; RSA 3072 takes about a second to make, so once per test JVM. */
    public static final DemoPrinter PRINTER = DemoPrinter.generate();

    private TestPrinter() {}

    /** Makes the test printer the realm's printer, unless it already is. */
    public static void installIn(KeycloakAdmin admin, String realm) {
        String current = admin.get("/admin/realms/" + realm)
                .expect(200)
                .json()
                .path("attributes")
                .path(DemoPrinter.ATTRIBUTE)
                .asText("");
        if (!current.equals(PRINTER.publicKeyArmoured())) {
            PRINTER.install(admin, realm);
        }
    }

    /**
     * What the printer does with a letter production's zip: its instructions first, then each part decrypted
     * with the printer's secret key (AES-256, integrity checked), in the order of their names, joined end to
     * end into one mail-merge file; its lines as cells, header first.
     */
    public static List<List<String>> lettersInZip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        List<String> names = new ArrayList<>(entries.keySet());
        assertThat(names.get(0)).isEqualTo("LISEZMOI-IMPRIMEUR.txt");
        assertThat(new String(entries.get(names.get(0)), StandardCharsets.UTF_8))
                .contains("gpg --decrypt");
        List<String> parts = names.subList(1, names.size());
        assertThat(parts).isSorted().allSatisfy(name -> assertThat(name).matches("courriers-\\d{5}\\.csv\\.gpg"));
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (String part : parts) {
            DemoPrinter.Decrypted decrypted = PRINTER.decrypt(entries.get(part));
            assertThat(decrypted.aes256()).as("AES-256").isTrue();
            assertThat(decrypted.integrityChecked()).as("integrity-protected").isTrue();
            joined.write(decrypted.bytes());
        }
        return DemoPrinter.rows(joined.toString(StandardCharsets.UTF_8));
    }

    /** A new letter for this postal voter (replacing an earlier code), decrypted: the code printed on it. */
    public static String letterCode(KeycloakAdmin admin, String realm, String userId) {
        installIn(admin, realm);
        return PRINTER.letterCode(admin, realm, userId);
    }
}
