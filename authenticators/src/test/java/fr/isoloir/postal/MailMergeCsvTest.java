package fr.isoloir.postal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MailMergeCsvTest {

    @Test
    void starts_with_a_utf8_bom_separates_with_semicolons_and_ends_lines_with_crlf() {
        byte[] bytes = new MailMergeCsv(List.of("name", "city"))
                .row(List.of("Zoé Lefèvre", "Besançon"))
                .bytes();

        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo("\uFEFF\"name\";\"city\"\r\n\"Zoé Lefèvre\";\"Besançon\"\r\n");
    }

    @Test
    void separators_quotes_and_line_breaks_stay_inside_their_cell() {
        String text = new MailMergeCsv(List.of("a", "b", "c"))
                .row(List.of("Bât. B; 2e étage", "dit \"le Phare\"", "ligne 1\nligne 2"))
                .text();

        assertThat(text).endsWith("\"Bât. B; 2e étage\";\"dit \"\"le Phare\"\"\";\"ligne 1\nligne 2\"\r\n");
    }

    @Test
    void null_cells_are_empty() {
        assertThat(new MailMergeCsv(List.of("a", "b"))
                        .row(Arrays.asList(null, "x"))
                        .text())
                .endsWith("\"\";\"x\"\r\n");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "=HYPERLINK(\"http://evil.example\",\"Cliquez\")",
                "+33 1 23 45 67 89",
                "-2+3+cmd|' /C calc'!A0",
                "@SUM(1+9)*cmd|' /C calc'!A0",
                "\t=1+1",
                "\r=1+1",
                "\n=1+1",
                " =1+1",
                "   +33 6 12 34 56 78",
                " \n@SUM(1)",
                "\nligne"
            })
    void a_cell_a_spreadsheet_would_run_as_a_formula_is_shown_as_text(String value) {
        assertThat(MailMergeCsv.neutralise(value)).isEqualTo("'" + value);
        assertThat(MailMergeCsv.cell(value)).isEqualTo("\"'" + value.replace("\"", "\"\"") + "\"");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Camille Martin",
                "12 rue de la Paix",
                "K7MQ4-XPR2H",
                "S2A3-YVKV-U558",
                "75001",
                "https://vote.exemple.fr/",
                "  12 rue",
                "Jean-Paul",
                "",
                "   "
            })
    void other_cells_are_left_as_they_are(String value) {
        assertThat(MailMergeCsv.neutralise(value)).isEqualTo(value);
    }

    @Test
    void a_letter_line_has_the_documented_columns_and_the_injected_name_is_neutralised() throws Exception {
        PostalLetters.Letter letter = new PostalLetters.Letter(
                "=cmd|'/C calc'!A0 Martin",
                "12 rue de la Paix",
                "Bât. B",
                "",
                "75001",
                "Paris",
                "S2A3-YVKV-U558",
                "K7MQ4-XPR2H");
        byte[] bytes = PostalLetters.write(List.of(letter), "https://vote.exemple.fr/", "CSE Exemple 2027");
        String[] lines = new String(bytes, StandardCharsets.UTF_8).substring(1).split("\r\n");

        assertThat(lines[0])
                .isEqualTo("\"name\";\"address1\";\"address2\";\"address3\";\"postcode\";\"city\";"
                        + "\"identifier\";\"connectionCode\";\"votingSite\";\"election\"");
        assertThat(lines[1])
                .isEqualTo(
                        "\"'=cmd|'/C calc'!A0 Martin\";\"12 rue de la Paix\";\"Bât. B\";\"\";\"75001\";"
                                + "\"Paris\";\"S2A3-YVKV-U558\";\"K7MQ4-XPR2H\";\"https://vote.exemple.fr/\";\"CSE Exemple 2027\"");
        assertThat(PostalLetters.sha256(bytes))
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(letter.toString()).doesNotContain("K7MQ4");
    }
}
