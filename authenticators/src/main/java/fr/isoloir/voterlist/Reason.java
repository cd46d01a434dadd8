package fr.isoloir.voterlist;

import java.text.MessageFormat;
import java.util.Locale;

/**
 * Why a line of a voter file is refused (or, for warnings, worth a look). The code is stable (the
 * REST report and the docs use it); the texts are for the election manager, in English and French,
 * with {0} the detail (another line, a length, a header...).
 */
public enum Reason {
    EMPTY_FILE("empty_file", "The file is empty.", "Le fichier est vide."),
    NO_VOTERS(
            "no_voters",
            "The file has a header line but no voter.",
            "Le fichier a une ligne d’en-tête mais aucun électeur."),
    MISSING_COLUMN(
            "missing_column",
            "Required column missing (accepted headers: {0}).",
            "Colonne obligatoire absente (en-têtes acceptés : {0})."),
    DUPLICATE_COLUMN(
            "duplicate_column",
            "Two columns mean the same thing (also column {0}).",
            "Deux colonnes ont le même sens (aussi la colonne {0})."),
    UNTERMINATED_QUOTE(
            "unterminated_quote",
            "A quoted field opens here and never closes.",
            "Un champ entre guillemets s’ouvre ici et ne se ferme jamais."),
    EXTRA_FIELD("extra_field", "More fields than header columns.", "Plus de champs que de colonnes d’en-tête."),
    CONTROL_CHARACTER(
            "control_character",
            "Control character, line break or unreadable character in the field.",
            "Caractère de contrôle, saut de ligne ou caractère illisible dans le champ."),
    TOO_LONG("too_long", "Too long: at most {0} characters.", "Trop long : {0} caractères au plus."),
    MISSING_EMPLOYEE_NUMBER("missing_employee_number", "Employee number missing.", "Matricule absent."),
    DUPLICATE_EMPLOYEE_NUMBER(
            "duplicate_employee_number", "Employee number also on line {0}.", "Matricule également présent ligne {0}."),
    MISSING_NAME("missing_name", "Name missing.", "Nom absent."),
    INVALID_NAME(
            "invalid_name",
            "Characters not allowed in a name (such as < > & \" ; / = ( )).",
            "Caractères interdits dans un nom (comme < > & \" ; / = ( ))."),
    INVALID_EMAIL("invalid_email", "Not a valid email address.", "Adresse email invalide."),
    INVALID_PHONE("invalid_phone", "Not a valid phone number.", "Numéro de téléphone invalide."),
    PHONE_NOT_MOBILE(
            "phone_not_mobile",
            "Not a mobile number in France or overseas: no text message can go there.",
            "Pas un numéro de mobile de France ou d’outre-mer : aucun SMS ne peut y être envoyé."),
    UNKNOWN_CHANNEL(
            "unknown_channel",
            "Unknown channel: use email, sms or postal.",
            "Canal inconnu : indiquez email, sms ou courrier."),
    MISSING_CONTACT("missing_contact", "Missing for the {0} channel.", "Absent alors que le canal est {0}."),
    NO_CONTACT(
            "no_contact",
            "No email address, mobile number or postal address.",
            "Ni adresse email, ni numéro de mobile, ni adresse postale."),
    INCOMPLETE_POSTAL_ADDRESS(
            "incomplete_postal_address",
            "Missing: postal voters need an address line, a postcode and a city.",
            "Absent : un électeur par courrier doit avoir une ligne d’adresse, un code postal et une ville."),
    SHARED_EMAIL("shared_email", "Same email address as line {0}.", "Même adresse email que ligne {0}."),
    SHARED_MOBILE("shared_mobile", "Same mobile number as line {0}.", "Même numéro de mobile que ligne {0}.");

    public final String code;
    private final String english;
    private final String french;

    Reason(String code, String english, String french) {
        this.code = code;
        this.english = english;
        this.french = french;
    }

    String english(String detail) {
        return format(english, detail, Locale.ENGLISH);
    }

    String french(String detail) {
        return format(french, detail, Locale.FRENCH);
    }

    private static String format(String pattern, String detail, Locale locale) {
        // Apostrophes are MessageFormat's quotes: double them so the French texts survive.
        return new MessageFormat(pattern.replace("'", "''"), locale)
                .format(new Object[] {detail == null ? "" : detail});
    }
}
