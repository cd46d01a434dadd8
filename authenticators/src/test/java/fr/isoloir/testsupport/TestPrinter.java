package fr.isoloir.testsupport;

import fr.isoloir.demo.DemoPrinter;
import fr.isoloir.keycloakrunner.KeycloakAdmin;

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

    /** A new letter for this postal voter (replacing an earlier code), decrypted: the code printed on it. */
    public static String letterCode(KeycloakAdmin admin, String realm, String userId) {
        installIn(admin, realm);
        return PRINTER.letterCode(admin, realm, userId);
    }
}
