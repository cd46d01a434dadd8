package fr.isoloir.benchmark;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * The voter file of the bulk parts, as an HR tool exports it (French headers, {@code ;}, UTF-8): every
 * voter has both an email address and a mobile number and receives by SMS, so one file serves the
 * lost-identifier lookups by email and by phone and a send to every voter by SMS. Deterministic: the
 * same {@code (n, seed)} gives the same bytes; contacts depend only on the voter's rank, names on the seed.
 */
final class BulkFile {

    static final String HEADER = "Matricule;Nom;Prénom;Courriel;Mobile;Collège;Canal";
    /** The same voters by post (the letters part re-imports them so): the channel and an address. */
    static final String POSTAL_HEADER = HEADER + ";Adresse;Code postal;Ville";
    /** Mobile numbers are 06 1x xx xx xx: metropolitan, valid for libphonenumber, distinct below ten million. */
    static final int MAX_VOTERS = 5_000_000;

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
        "Fournier"
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

    private BulkFile() {}

    static byte[] csv(int n, long seed) {
        return csv(n, seed, false);
    }

    /** With {@code postal}, the same voters (same names and contacts) by post, each with an address. */
    static byte[] csv(int n, long seed, boolean postal) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder(n * (postal ? 110 : 80))
                .append(postal ? POSTAL_HEADER : HEADER)
                .append("\r\n");
        for (int i = 0; i < n; i++) {
            csv.append("BK-")
                    .append(i)
                    .append(';')
                    .append(LAST[random.nextInt(LAST.length)])
                    .append(';')
                    .append(FIRST[random.nextInt(FIRST.length)])
                    .append(';')
                    .append(email(i))
                    .append(';')
                    .append(mobile(i))
                    .append(';')
                    .append(COLLEGES[random.nextInt(COLLEGES.length)])
                    .append(postal ? ";postal;" + (i % 200 + 1) + " rue du Banc;75011;Paris\r\n" : ";sms\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The i-th voter's email address. */
    static String email(int i) {
        return "bulk-" + i + "@bench.isoloir.test";
    }

    /** The i-th voter's mobile number as a voter types it (06 10 00 00 07). */
    static String mobile(int i) {
        if (i < 0 || i >= 2 * MAX_VOTERS) {
            throw new IllegalArgumentException("voter rank " + i);
        }
        return String.format("06 1%d %02d %02d %02d", i / 1_000_000, i / 10_000 % 100, i / 100 % 100, i % 100);
    }

    /** An address no voter of a file of at most {@link #MAX_VOTERS} has. */
    static String unknownEmail(int i) {
        return "nobody-" + i + "@bench.isoloir.test";
    }

    /** A valid mobile number no voter of a file of at most {@link #MAX_VOTERS} has. */
    static String unknownMobile(int i) {
        return mobile(MAX_VOTERS + i);
    }
}
