package fr.isoloir.voterlist;

import fr.isoloir.voter.DeliveryChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VoterFileTest {

    private static VoterFile read(String text) {
        return VoterFile.read(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The report as "line|column|code" strings, the easiest to compare exactly. */
    private static List<String> report(List<Problem> problems) {
        return problems.stream()
                .map(p -> p.line() + "|" + p.column() + "|" + p.code())
                .toList();
    }

    @Test
    void aFrenchExcelFileInWindows1252WithSemicolonsReadsWithItsAccents() {
        byte[] bytes = ("Matricule;Nom;Prénom;Courriel;Ville\r\n"
                        + "A001;Lefèvre;Zoé;zoe.lefevre@example.org;Besançon\r\n")
                .getBytes(CsvRecords.WINDOWS_1252);

        VoterFile file = VoterFile.read(bytes);

        assertThat(file.problems()).isEmpty();
        assertThat(file.encoding()).isEqualTo("windows-1252");
        assertThat(file.separator()).isEqualTo(";");
        assertThat(file.ignoredColumns()).isEmpty();
        VoterRow zoe = file.voters().get(0);
        assertThat(zoe.lastName()).isEqualTo("Lefèvre");
        assertThat(zoe.firstName()).isEqualTo("Zoé");
        assertThat(zoe.city()).isEqualTo("Besançon");
        assertThat(zoe.channel()).isEqualTo(DeliveryChannel.EMAIL);
    }

    @Test
    void aUtf8FileWithABomAndCommasReadsTheSame() {
        byte[] body = ("\"Employee number\",\"Last name\",\"First name\",Email\n"
                        + "A001,Lefèvre,Zoé,Zoe.Lefevre@Example.org\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);

        VoterFile file = VoterFile.read(bytes);

        assertThat(file.problems()).isEmpty();
        assertThat(file.encoding()).isEqualTo("UTF-8 (BOM)");
        assertThat(file.separator()).isEqualTo(",");
        assertThat(file.voters()).singleElement().satisfies(v -> {
            assertThat(v.employeeNumber()).isEqualTo("A001");
            assertThat(v.lastName()).isEqualTo("Lefèvre");
            assertThat(v.email()).isEqualTo("zoe.lefevre@example.org");
        });
    }

    @Test
    void aUtf8FileWithoutBomIsUtf8() {
        VoterFile file = read("matricule;nom;prénom;email\nA1;Été;Zoé;z@example.org\n");
        assertThat(file.encoding()).isEqualTo("UTF-8");
        assertThat(file.voters().get(0).lastName()).isEqualTo("Été");
    }

    @Test
    void quotedFieldsKeepTheirSeparatorsAndDoubledQuotes() {
        VoterFile file = read("Matricule;Nom;Prénom;Adresse 1;Code postal;Ville\n"
                + "A1;\"Martin, dit Tintin\";Camille;\"Résidence \"\"Les Lilas\"\"; bât. B\";75011;Paris\n");

        assertThat(file.problems()).isEmpty();
        assertThat(file.voters().get(0).lastName()).isEqualTo("Martin, dit Tintin");
        assertThat(file.voters().get(0).address1()).isEqualTo("Résidence \"Les Lilas\"; bât. B");
        assertThat(file.voters().get(0).channel()).isEqualTo(DeliveryChannel.POSTAL);
    }

    @Test
    void aLineBreakInAQuotedFieldIsRefusedWhereTheRecordStartsAndLaterLinesKeepTheirFileNumbers() {
        // A line break inside an address would break a letter's line: refused. The next record is line 5.
        VoterFile file = read("Matricule;Nom;Prénom;Adresse 1;Code postal;Ville\n"
                + "A1;Martin;Camille;3 rue des Lilas;75011;Paris\n"
                + "A2;Petit;Alix;\"Bâtiment B\r\n"
                + "3 allée Verte\";69001;Lyon\n"
                + "A3;Roux;Sam;1 place d’Armes;\"\";Lille\n");

        assertThat(report(file.problems()))
                .containsExactly("3|Adresse 1|control_character", "5|Code postal|incomplete_postal_address");
    }

    @Test
    void blankLinesAreIgnoredAndDoNotShiftLineNumbers() {
        VoterFile file =
                read("\n\nMatricule,Nom,Prénom,Email\n\n  \n,,,\nA1,Roux,Sam,sam@\n\nA2,Roux,Lou,lou@example.org\n\n");
        assertThat(report(file.problems())).containsExactly("7|Email|invalid_email");
        assertThat(file.problems().get(0).message()).isEqualTo("Not a valid email address.");
        assertThat(file.problems().get(0).messageFr()).isEqualTo("Adresse email invalide.");
    }

    @Test
    void headersMatchWhateverTheirCaseAccentsAndLanguageAndUnknownOnesAreListed() {
        VoterFile file = read(
                "EMPLOYEE_NUMBER;last name;Prenom;E-mail;Téléphone portable;Adresse1;CP;Localité;Collège électoral;Canal d'envoi;Service\n"
                        + "A1;Roux;Sam;;06 12 34 56 78;;;;Cadres;SMS;Paie\n");
        assertThat(file.problems()).isEmpty();
        assertThat(file.ignoredColumns()).containsExactly("Service");
        VoterRow sam = file.voters().get(0);
        assertThat(sam.phone()).isEqualTo("+33612345678");
        assertThat(sam.channel()).isEqualTo(DeliveryChannel.SMS);
        assertThat(sam.college()).isEqualTo("Cadres");
    }

    @Test
    void missingAndDuplicatedColumnsAreReportedOnTheHeaderLineAndNoRowIsChecked() {
        VoterFile file = read("Nom;Courriel;Email\nRoux;pas-un-email;\n");
        assertThat(report(file.problems()))
                .containsExactly("1|Email|duplicate_column", "1|matricule|missing_column", "1|prenom|missing_column");
        assertThat(file.problems().get(1).message())
                .startsWith("Required column missing (accepted headers: matricule, numero de matricule");
        assertThat(file.problems().get(0).messageFr())
                .isEqualTo("Deux colonnes ont le même sens (aussi la colonne Courriel).");
    }

    @Test
    void theChannelIsDerivedFromTheContactsWhenAbsent() {
        VoterFile file = read("Matricule;Nom;Prénom;Email;Mobile;Adresse;Code postal;Ville\n"
                + "A1;Roux;Sam;sam@example.org;0612345678;1 rue A;75001;Paris\n"
                + "A2;Roux;Lou;;0612345679;1 rue A;75001;Paris\n"
                + "A3;Roux;Max;;;1 rue A;75001;Paris\n");
        assertThat(file.voters())
                .extracting(VoterRow::channel)
                .containsExactly(DeliveryChannel.EMAIL, DeliveryChannel.SMS, DeliveryChannel.POSTAL);
    }

    @Test
    void everyBadContactIsReportedWithItsLineColumnAndReason() {
        VoterFile file = read("Matricule;Nom;Prénom;Email;Mobile;Adresse 1;Code postal;Ville;Canal\n"
                + "A1;Roux;Sam;sam.example.org;;;;;\n" // 2 bad email
                + "A2;Roux;Lou;;06 12;;;;\n" // 3 bad phone
                + "A3;Roux;Max;;01 40 00 00 00;;;;\n" // 4 landline
                + "A4;Roux;Léa;;+32 470 12 34 56;;;;\n" // 5 foreign mobile
                + "A5;Roux;Noé;;;;;;email\n" // 6 email channel, no email
                + "A6;Roux;Ana;ana@example.org;;;;;sms\n" // 7 sms channel, no mobile
                + "A7;Roux;Eva;;;12 rue B;;;courrier\n" // 8 postal: postcode and city missing
                + "A8;Roux;Ivy;ivy@example.org;;;;;pigeon\n" // 9 unknown channel
                + "A9;Roux;Kim;;;;;;\n" // 10 no contact at all
                + ";;;kai@example.org;;;;;\n" // 11 no employee number, no names
                + "A11;Roux <b>;Zed;zed@example.org;;;;;\n" // 12 forbidden characters in a name
                + "A12;Roux;Tom;tom@example.org;;;;;;extra\n"); // 13 a field past the header
        assertThat(report(file.problems()))
                .containsExactly(
                        "2|Email|invalid_email",
                        "3|Mobile|invalid_phone",
                        "4|Mobile|phone_not_mobile",
                        "5|Mobile|phone_not_mobile",
                        "6|Email|missing_contact",
                        "7|Mobile|missing_contact",
                        "8|Code postal|incomplete_postal_address",
                        "8|Ville|incomplete_postal_address",
                        "9|Canal|unknown_channel",
                        "10||no_contact",
                        "11|Matricule|missing_employee_number",
                        "11|Nom|missing_name",
                        "11|Prénom|missing_name",
                        "12|Nom|invalid_name",
                        "13|column 10|extra_field");
        assertThat(file.voters()).isEmpty();
        assertThat(file.problems().get(5).message()).isEqualTo("Missing for the sms channel.");
        assertThat(file.problems().get(5).messageFr()).isEqualTo("Absent alors que le canal est sms.");
    }

    @Test
    void aDuplicatedEmployeeNumberIsReportedOnEveryLineHoldingItAndSharedContactsAreWarnings() {
        VoterFile file = read("Matricule;Nom;Prénom;Email;Mobile\n"
                + "A1;Roux;Sam;famille@example.org;\n"
                + "A2;Roux;Lou;famille@example.org;0612345678\n"
                + "A1;Roux;Max;max@example.org;06 12 34 56 78\n"
                + "A1;Roux;Léa;lea@example.org;\n");
        assertThat(report(file.problems()))
                .containsExactly(
                        "2|Matricule|duplicate_employee_number",
                        "4|Matricule|duplicate_employee_number",
                        "5|Matricule|duplicate_employee_number");
        assertThat(file.problems())
                .extracting(Problem::message)
                .containsExactly(
                        "Employee number also on line 4, 5.",
                        "Employee number also on line 2, 5.",
                        "Employee number also on line 2, 4.");
        assertThat(report(file.warnings()))
                .containsExactly(
                        "2|Email|shared_email",
                        "3|Email|shared_email",
                        "3|Mobile|shared_mobile",
                        "4|Mobile|shared_mobile");
        assertThat(file.voters()).as("a file with problems imports nothing").isEmpty();
    }

    @Test
    void tooLongFieldsAndControlCharactersAreReportedOncePerField() {
        VoterFile file = read("Matricule;Nom;Prénom;Email\n"
                + "A1;" + "x".repeat(256) + ";Sam;sam@example.org\n"
                + "A2;Roux;Lou\tLou;lou@example.org\n");
        assertThat(report(file.problems())).containsExactly("2|Nom|too_long", "3|Prénom|control_character");
        assertThat(file.problems().get(0).message()).isEqualTo("Too long: at most 255 characters.");
        assertThat(file.problems().get(0).messageFr()).isEqualTo("Trop long : 255 caractères au plus.");
    }

    @Test
    void bytesThatAreNeitherUtf8NorWindows1252AreReportedAsUnreadable() {
        byte[] bytes = "Matricule;Nom;Prénom;Email\nA1;R?ux;Sam;sam@example.org\n".getBytes(CsvRecords.WINDOWS_1252);
        bytes[new String(bytes, CsvRecords.WINDOWS_1252).indexOf('?')] = (byte) 0x81;
        assertThat(report(VoterFile.read(bytes).problems())).containsExactly("2|Nom|control_character");
    }

    @Test
    void anUnclosedQuoteIsReportedWhereItOpens() {
        VoterFile file =
                read("Matricule;Nom;Prénom;Email\nA1;\"Roux;Sam;sam@example.org\nA2;Roux;Lou;lou@example.org\n");
        assertThat(report(file.problems())).containsExactly("2||unterminated_quote");
    }

    @Test
    void anEmptyFileOrAHeaderAloneImportsNothing() {
        assertThat(report(read("").problems())).containsExactly("1||empty_file");
        assertThat(report(read("\n \n").problems())).containsExactly("1||empty_file");
        assertThat(report(read("Matricule;Nom;Prénom\n\n").problems())).containsExactly("1||no_voters");
    }

    @Test
    void theSummaryShowsTheFirstProblemsAndTheirCount() {
        VoterFile file = read("Matricule;Nom;Prénom;Email\nA1;Roux;Sam;x\nA2;Roux;Lou;y\nA3;Roux;Max;z\n");
        assertThat(file.summary(2))
                .isEqualTo("3 problems, nothing imported. line 2, Email: Not a valid email address.; "
                        + "line 3, Email: Not a valid email address.; …");
    }

    @Test
    void theDemosExampleFileIsValidWithOneVoterPerChannelAtLeast() throws java.io.IOException {
        // demo/voters-example.csv is what the README and the demo banner invite managers to try.
        VoterFile file = VoterFile.read(
                java.nio.file.Files.readAllBytes(java.nio.file.Path.of("..", "demo", "voters-example.csv")));
        assertThat(file.problems()).isEmpty();
        assertThat(file.voters())
                .extracting(VoterRow::channel)
                .contains(DeliveryChannel.EMAIL, DeliveryChannel.SMS, DeliveryChannel.POSTAL);
        assertThat(file.voters()).hasSize(6);
    }
}
