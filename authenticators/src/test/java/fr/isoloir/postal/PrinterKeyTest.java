package fr.isoloir.postal;

import fr.isoloir.demo.DemoPrinter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrinterKeyTest {

    static final DemoPrinter PRINTER = DemoPrinter.generate();

    @Nested
    class AnArmouredPublicKey {

        @Test
        void isReadAndNamedByItsFingerprint() {
            PrinterKey.Parsed parsed = PrinterKey.parse(PRINTER.publicKeyArmoured());

            assertThat(parsed.problem()).isEmpty();
            assertThat(parsed.key()).isPresent();
            assertThat(parsed.key().get().fingerprint()).matches("[0-9A-F]{40}");
        }

        @Test
        void encryptsAFileOnlyItsSecretKeyReadsWithAes256AndIntegrityProtection() {
            PrinterKey key = PrinterKey.parse(PRINTER.publicKeyArmoured()).key().orElseThrow();
            byte[] csv = PostalLetters.write(
                    List.of(new PostalLetters.Letter(
                            "Alix Petit", "1 rue Haute", "", "", "69003", "Lyon", "S2A3-YVKV-U558", "7KQ2M-XH9PA")),
                    "https://vote.exemple.fr/",
                    "CSE Exemple 2027");

            byte[] encrypted = key.encrypt(csv, "isoloir-postal-letters.csv");

            String asText = new String(encrypted, StandardCharsets.ISO_8859_1);
            assertThat(asText)
                    .doesNotContain("7KQ2M-XH9PA")
                    .doesNotContain("S2A3-YVKV-U558")
                    .doesNotContain("Petit")
                    .doesNotContain("connectionCode");
            DemoPrinter.Decrypted decrypted = PRINTER.decrypt(encrypted);
            assertThat(decrypted.bytes()).isEqualTo(csv);
            assertThat(decrypted.aes256()).isTrue();
            assertThat(decrypted.integrityChecked()).isTrue();
            assertThat(decrypted.fileName()).isEqualTo("isoloir-postal-letters.csv");
        }

        @Test
        void encryptsTheSameFileDifferentlyEachTime() {
            PrinterKey key = PrinterKey.parse(PRINTER.publicKeyArmoured()).key().orElseThrow();
            byte[] csv = "same".getBytes(StandardCharsets.UTF_8);

            assertThat(key.encrypt(csv, "a.csv")).isNotEqualTo(key.encrypt(csv, "a.csv"));
        }

        @Test
        void ofAnotherPrinterCannotReadTheFile() {
            byte[] encrypted = PrinterKey.parse(DemoPrinter.generate().publicKeyArmoured())
                    .key()
                    .orElseThrow()
                    .encrypt("secret".getBytes(StandardCharsets.UTF_8), "a.csv");

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> PRINTER.decrypt(encrypted))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class WhatIsNotAUsableKey {

        @ParameterizedTest
        @NullSource
        @ValueSource(
                strings = {
                    "",
                    "   ",
                    "not a key",
                    "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----\n"
                })
        void isRefusedWithAReasonForTheManager(String text) {
            PrinterKey.Parsed parsed = PrinterKey.parse(text);

            assertThat(parsed.key()).isEmpty();
            assertThat(parsed.problem()).contains("printer public key");
        }

        @Test
        void aTextLongerThanAnyKeyIsRefusedUnread() {
            assertThat(PrinterKey.parse("A".repeat(PrinterKey.MAX_LENGTH + 1)).problem())
                    .contains("longer than");
        }
    }
}
