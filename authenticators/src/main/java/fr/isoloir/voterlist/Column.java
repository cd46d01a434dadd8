package fr.isoloir.voterlist;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The columns of a voter file, found by header name: case, accents, spaces and punctuation do not
 * matter ("Prénom", "PRENOM", "prénom :" and "first_name" all match). French and English aliases, and
 * the Keycloak attribute name itself, so a file exported from a realm reads back.
 */
public enum Column {
    EMPLOYEE_NUMBER(
            "employeeNumber",
            64,
            "matricule",
            "numero de matricule",
            "numero matricule",
            "n matricule",
            "no matricule",
            "employee number",
            "employee id",
            "employee no"),
    LAST_NAME("lastName", 255, "nom", "nom de famille", "last name", "surname", "family name"),
    FIRST_NAME("firstName", 255, "prenom", "first name", "given name"),
    EMAIL(
            "email",
            254,
            "email",
            "e mail",
            "courriel",
            "mail",
            "adresse email",
            "adresse e mail",
            "adresse mail",
            "adresse electronique",
            "email address"),
    MOBILE(
            "phoneNumber",
            64,
            "mobile",
            "telephone portable",
            "portable",
            "telephone mobile",
            "tel portable",
            "numero de mobile",
            "numero de portable",
            "telephone",
            "tel",
            "mobile phone",
            "mobile number",
            "phone",
            "phone number",
            "cell phone"),
    ADDRESS1(
            "postalAddress1", 100, "adresse 1", "adresse", "adresse ligne 1", "address 1", "address", "address line 1"),
    ADDRESS2(
            "postalAddress2",
            100,
            "adresse 2",
            "adresse ligne 2",
            "complement d adresse",
            "address 2",
            "address line 2"),
    ADDRESS3("postalAddress3", 100, "adresse 3", "adresse ligne 3", "address 3", "address line 3"),
    POSTCODE("postcode", 16, "code postal", "cp", "postcode", "postal code", "zip", "zip code"),
    CITY("city", 100, "ville", "commune", "localite", "city", "town"),
    COLLEGE("electoralCollege", 100, "college", "college electoral", "electoral college"),
    CHANNEL("deliveryChannel", 16, "canal", "canal d envoi", "canal de diffusion", "channel", "delivery channel");

    /** The Keycloak user attribute (or user field) the column fills. */
    public final String attribute;
    /** Longest value accepted. */
    public final int maxLength;
    /** Normalised header names that mean this column, the attribute name included. */
    private final List<String> aliases;

    Column(String attribute, int maxLength, String... aliases) {
        this.attribute = attribute;
        this.maxLength = maxLength;
        this.aliases = java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(aliases), java.util.stream.Stream.of(normalise(attribute)))
                .distinct()
                .toList();
    }

    /** The header names this column is known by, as documented (normalised: lower case, no accents). */
    public List<String> aliases() {
        return aliases;
    }

    /** The column a header means, if any. */
    public static Optional<Column> forHeader(String header) {
        String key = normalise(header);
        for (Column column : values()) {
            if (column.aliases.contains(key)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    /**
     * Lower case, accents removed, camelCase and letter-digit split, every run of other characters one space: "Prénom",
     * "PRENOM :", "first_name", "firstName" and "Adresse1" become "prenom", "prenom", "first name", "first name", "adresse 1".
     */
    static String normalise(String text) {
        String split = text.replaceAll("(\\p{Ll})(\\p{Lu})", "$1 $2").replaceAll("(\\p{L})(\\p{Nd})", "$1 $2");
        String decomposed = Normalizer.normalize(split, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return decomposed.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
    }
}
