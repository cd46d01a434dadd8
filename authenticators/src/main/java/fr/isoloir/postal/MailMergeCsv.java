package fr.isoloir.postal;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The mail-merge file for the printing service: UTF-8 with a byte-order mark and {@code ;} between
 * cells, CRLF line ends, which is what French Excel and Word's mail merge open without an import
 * dialog (Excel reads a BOM-less UTF-8 file as Windows-1252 and mangles the accents; in the French
 * locale its list separator is {@code ;}).
 *
 * <p>Every cell is quoted (RFC 4180: a {@code "} inside is doubled), so that separators and line breaks
 * in an address stay inside their cell. A cell a spreadsheet would run as a formula (starting with
 * {@code = + - @}, a tab or a carriage return: OWASP "CSV injection") gets a leading {@code '}, which
 * spreadsheets show as plain text. Names and addresses come from the employer's HR file and must never
 * run on the printer's machine.
 */
public final class MailMergeCsv {

    static final char SEPARATOR = ';';
    static final String LINE_END = "\r\n";
    public static final String BOM = "\uFEFF";

    private final StringBuilder text = new StringBuilder(BOM);

    MailMergeCsv(List<String> header) {
        row(header);
    }

    /** Adds one line; null cells are empty. */
    MailMergeCsv row(List<String> cells) {
        text.append(line(cells));
        return this;
    }

    /**
     * One line of such a file, its cells neutralised and quoted, with its CRLF: for other files opened
     * in a spreadsheet (the access-change trail), written line by line. A file starts with {@link #BOM}.
     */
    public static String line(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(SEPARATOR);
            }
            line.append(cell(cells.get(i)));
        }
        return line.append(LINE_END).toString();
    }

    /** One cell, neutralised and quoted. */
    static String cell(String value) {
        String safe = neutralise(value == null ? "" : value);
        return '"' + safe.replace("\"", "\"\"") + '"';
    }

    /**
     * The value with a leading {@code '} when a spreadsheet would take it for a formula: it starts with
     * {@code = + - @}, a tab, a carriage return or a line feed, or with spaces before one of those
     * (spreadsheets trim leading spaces before they read a formula: OWASP CSV injection).
     */
    static String neutralise(String value) {
        String start = value.stripLeading();
        boolean control = !value.isEmpty() && "\t\r\n".indexOf(value.charAt(0)) >= 0;
        if (control || (!start.isEmpty() && "=+-@\t\r\n".indexOf(start.charAt(0)) >= 0)) {
            return "'" + value;
        }
        return value;
    }

    String text() {
        return text.toString();
    }

    byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }
}
