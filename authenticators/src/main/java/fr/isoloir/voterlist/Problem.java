package fr.isoloir.voterlist;

/**
 * One problem of a voter file: where (line of the file, 1 = first line, and the column's header as
 * written in the file, or the expected column for a missing one) and why, as a stable code and
 * readable English and French texts.
 */
public record Problem(int line, String column, String code, String message, String messageFr) {

    static Problem of(int line, String column, Reason reason, String detail) {
        return new Problem(line, column, reason.code, reason.english(detail), reason.french(detail));
    }

    static Problem of(int line, String column, Reason reason) {
        return of(line, column, reason, null);
    }

    /** "line 4, Courriel: Not a valid email address." */
    public String describe() {
        return "line " + line + (column == null || column.isEmpty() ? "" : ", " + column) + ": " + message;
    }
}
