package fr.isoloir.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Voter files as an HR tool exports them, for the import tests and the benchmark: {@code n} voters,
 * a third each by email, SMS and post, French headers, {@code ;} separators, UTF-8. The same
 * {@code (n, seed)} gives the same file byte for byte; employee numbers are {@code S<seed>-<i>}, so
 * files of different seeds describe different people.
 */
public final class VoterFiles {

    public static final String HEADER =
            "Matricule;Nom;Prénom;Courriel;Mobile;Adresse 1;Adresse 2;Code postal;Ville;Collège;Canal";
    private static final String[] LAST = {
        "Martin",
        "Bernard",
        "Dubois",
        "Thomas",
        "Robert",
        "Richard",
        "Petit",
        "Durand",
        "Leroy",
        "Moreau",
        "Simon",
        "Laurent",
        "Lefèvre",
        "Michel",
        "Garcia",
        "Roux",
        "Fournier",
        "Girard",
        "Bonnet"
    };
    private static final String[] FIRST = {
        "Camille",
        "Dominique",
        "Alix",
        "Zoé",
        "Hélène",
        "Léa",
        "Noé",
        "Jérôme",
        "Anaïs",
        "Théo",
        "Inès",
        "François",
        "Maël",
        "Chloé",
        "Sam",
        "Lou"
    };
    private static final String[] COLLEGES = {"Ouvriers et employés", "Techniciens et agents de maîtrise", "Cadres"};

    private VoterFiles() {}

    /** The file's text. */
    public static String text(int n, long seed) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (int i = 0; i < n; i++) {
            csv.append(line(i, seed, random)).append("\r\n");
        }
        return csv.toString();
    }

    public static byte[] generate(int n, long seed) {
        return text(n, seed).getBytes(StandardCharsets.UTF_8);
    }

    /** The employee number of the i-th voter of a file. */
    public static String employeeNumber(int i, long seed) {
        return "S" + seed + "-" + i;
    }

    /** The email address of the i-th voter of a file, when an email voter (i % 3 == 0). */
    public static String email(int i, long seed) {
        return "voter-" + seed + "-" + i + "@isoloir.test";
    }

    private static String line(int i, long seed, Random random) {
        String last = LAST[random.nextInt(LAST.length)];
        String first = FIRST[random.nextInt(FIRST.length)];
        String college = COLLEGES[random.nextInt(COLLEGES.length)];
        return switch (i % 3) {
            case 0 ->
                String.join(
                        ";",
                        employeeNumber(i, seed),
                        last,
                        first,
                        email(i, seed),
                        "",
                        "",
                        "",
                        "",
                        "",
                        college,
                        "email");
            // 06 1x xx xx xx: metropolitan mobiles only (see Voters.randomMobile); unique per i below 10 million.
            case 1 ->
                String.join(
                        ";",
                        employeeNumber(i, seed),
                        last,
                        first,
                        "",
                        String.format(
                                "06 1%d %02d %02d %02d", i / 1_000_000 % 10, i / 10_000 % 100, i / 100 % 100, i % 100),
                        "",
                        "",
                        "",
                        "",
                        college,
                        "sms");
            default ->
                String.join(
                        ";",
                        employeeNumber(i, seed),
                        last,
                        first,
                        "",
                        "",
                        "\"" + (1 + random.nextInt(120)) + ", rue de la République\"",
                        "Bâtiment " + (char) ('A' + random.nextInt(6)),
                        String.format("%05d", 1000 + random.nextInt(94000)),
                        "Lyon",
                        college,
                        "courrier");
        };
    }
}
