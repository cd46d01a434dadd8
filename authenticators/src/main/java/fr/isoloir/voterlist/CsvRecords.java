package fr.isoloir.voterlist;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The CSV layer of a voter file: bytes to text (UTF-8 with or without BOM, UTF-16 with BOM, else
 * Windows-1252 as French Excel writes it), the separator ({@code ;} or {@code ,}, whichever the header
 * line uses), and records as RFC 4180 has them (quoted fields holding separators, doubled quotes, line
 * breaks), each with the line of the file where it starts, since the report speaks in lines.
 *
 * <p>Written here rather than taken from Commons CSV: that would be one more library (and two more
 * Commons ones) to shade into the provider jar, for a format this small; the line bookkeeping is ours either way.
 */
final class CsvRecords {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private CsvRecords() {}

    record Decoded(String text, String encoding) {}

    /** A record and the line of the file where it starts (1-based). */
    record Record(int line, List<String> fields) {
        boolean blank() {
            return fields.stream().allMatch(String::isBlank);
        }
    }

    /** The records, and the line of a quoted field left open at the end, or 0. */
    record Parsed(List<Record> records, int unterminatedQuoteLine) {}

    static Decoded decode(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            return new Decoded(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8), "UTF-8 (BOM)");
        }
        if (bytes.length >= 2
                && ((bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF
                        || (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE)) {
            return new Decoded(new String(bytes, StandardCharsets.UTF_16), "UTF-16 (BOM)");
        }
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return new Decoded(text, "UTF-8");
        } catch (CharacterCodingException notUtf8) {
            // Accented letters in Windows-1252 are never valid UTF-8 sequences, so this is French Excel.
            // Its five undefined bytes become U+FFFD, reported as unreadable characters.
            return new Decoded(new String(bytes, WINDOWS_1252), "windows-1252");
        }
    }

    /** {@code ;} or {@code ,}: the one the first non-blank line uses most outside quotes; {@code ;} when tied. */
    static char separator(String text) {
        int semicolons = 0;
        int commas = 0;
        boolean quoted = false;
        boolean seenContent = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                if (seenContent) {
                    break;
                }
            } else if (!quoted && c == ';') {
                semicolons++;
            } else if (!quoted && c == ',') {
                commas++;
            }
            seenContent |= !Character.isWhitespace(c);
        }
        return commas > semicolons ? ',' : ';';
    }

    static Parsed parse(String text, char separator) {
        List<Record> records = new ArrayList<>();
        int n = text.length();
        int i = 0;
        int line = 1;
        while (i < n) {
            int recordLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean endOfRecord = false;
            while (!endOfRecord) {
                if (i < n && text.charAt(i) == '"' && field.isEmpty()) {
                    int quoteLine = line;
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char c = text.charAt(i);
                        if (c == '"') {
                            if (i + 1 < n && text.charAt(i + 1) == '"') {
                                field.append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            closed = true;
                            break;
                        }
                        if (c == '\n' || c == '\r' && (i + 1 >= n || text.charAt(i + 1) != '\n')) {
                            line++;
                        }
                        field.append(c);
                        i++;
                    }
                    if (!closed) {
                        return new Parsed(records, quoteLine);
                    }
                }
                // Unquoted text, or what follows a closing quote: kept as is, as spreadsheets do.
                while (i < n && text.charAt(i) != separator && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    field.append(text.charAt(i));
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                if (i < n && text.charAt(i) == separator) {
                    i++;
                } else {
                    if (i < n && text.charAt(i) == '\r') {
                        i++;
                    }
                    if (i < n && text.charAt(i) == '\n') {
                        i++;
                    }
                    line++;
                    endOfRecord = true;
                }
            }
            records.add(new Record(recordLine, fields));
        }
        return new Parsed(records, 0);
    }
}
