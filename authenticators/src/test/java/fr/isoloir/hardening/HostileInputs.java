package fr.isoloir.hardening;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile values and request shapes, drawn from a seeded {@link Random}: every run tries the same
 * cases, so a failure found once is found again. The values carry markers (isoloirXss, 7*1917,
 * isoloirfmup...) that the oracle looks for in the answer: present there means reflected unescaped or
 * evaluated by FreeMarker.
 */
final class HostileInputs {

    /** What an evaluated FreeMarker expression from the fragments would print. */
    static final List<String> EVALUATED_MARKERS = List.of("13419", "ISOLOIRFMUP", "isoloirFmL1");
    /** What a reflected, unescaped HTML fragment would look like in the answer. */
    static final List<String> UNESCAPED_MARKERS = List.of(
            "<script>isoloirXss",
            "<img src=x onerror=isoloirXss",
            "<svg onload=isoloirXss",
            "<iframe src=//evil",
            "<b>isoloirBold");

    static final int ONE_MEGABYTE = 1 << 20;

    static final List<String> FRAGMENTS = List.of(
            // empty and whitespace only
            "",
            " ",
            "   \t\n ",
            "\u00a0\u2003\u3000",
            "\r\n",
            // NUL and control characters, header injection
            "\u0000",
            "a\u0000b",
            "\u0001\u0002\u0007\b\u000b\f\u000e\u001b\u007f\u0085",
            "\r\n\r\nX-Injected: 1",
            // right-to-left overrides, zero-width and invisible characters, odd Unicode
            "\u202e",
            "\u202egnp.exe",
            "\u200b",
            "\u200c\u200d\u2060\ufeff",
            "\u061c\u2066\u2069",
            "\ud83d\uddf3\ufe0f",
            "e\u0301",
            "\uff13\uff13\uff21\uff2b",
            "\u0130\u0131\u017f",
            // HTML and script
            "<script>isoloirXss(1)</script>",
            "\"><img src=x onerror=isoloirXss(2)>",
            "'><svg onload=isoloirXss(3)>",
            "</textarea></title><script>isoloirXss(4)</script>",
            "javascript:isoloirXss(5)",
            "<iframe src=//evil.test>",
            "<b>isoloirBold</b>",
            "&lt;script&gt;isoloirXss(6)",
            "%3Cscript%3EisoloirXss(7)",
            "<!--",
            "]]>",
            // FreeMarker, in both syntaxes, and message-format placeholders
            "${7*1917}",
            "#{7*1917}",
            "[=7*1917]",
            "${\"isoloirfmup\"?upper_case}",
            "<#list 1..2 as i>isoloirFmL${i}</#list>",
            "<#assign ex=\"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}",
            "${.data_model}",
            "<@layout.registrationLayout/>",
            "{0}",
            "'{0}'",
            "{0,number,#}",
            "%s%s%n%x",
            // SQL, LIKE and LDAP wildcards, paths
            "' OR '1'='1",
            "\" OR \"\"=\"",
            "1; DROP TABLE USER_ENTITY;--",
            "admin'--",
            "%",
            "_",
            "*",
            "%' OR 1=1 --",
            "*)(uid=*))(|(uid=*",
            "../../../../etc/passwd",
            "\\\\evil\\share",
            // near-valid values: identifiers, codes, contacts, a passphrase
            "33AK-K2RA-HEBA",
            "33akk2raheba",
            "0000000000",
            "123456",
            "7KQ2M-XH9PA",
            "+33612345678",
            "06 12 34 56 78",
            "a@b.c",
            "camille.martin@example.org",
            "Un orage a coupé le courrier ce matin");

    /** Invalid UTF-8 in a form body: raw bytes, and their percent-encoded forms. */
    static final List<byte[]> INVALID_UTF8 = List.of(
            new byte[] {(byte) 0xFF, (byte) 0xFE},
            new byte[] {(byte) 0xC3, 0x28},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0xC0, (byte) 0xAF},
            "%FF%FE".getBytes(StandardCharsets.US_ASCII),
            "%C3%28".getBytes(StandardCharsets.US_ASCII),
            "%ED%A0%80".getBytes(StandardCharsets.US_ASCII),
            "%C0%AF%00".getBytes(StandardCharsets.US_ASCII),
            "%".getBytes(StandardCharsets.US_ASCII),
            "%zz".getBytes(StandardCharsets.US_ASCII));

    static final List<String> WRONG_CONTENT_TYPES = List.of(
            "application/json",
            "text/plain",
            "application/xml",
            "multipart/form-data; boundary=isoloir",
            "application/x-www-form-urlencoded; charset=ISO-8859-1",
            "application/x-www-form-urlencoded; charset=nonsense",
            "",
            "*/*");

    /** The shape of a request around its values. */
    enum Shape {
        NORMAL,
        MISSING_FIELD,
        DUPLICATED_FIELD,
        EXTRA_FIELDS,
        WRONG_CONTENT_TYPE,
        INVALID_UTF8,
        EMPTY_BODY,
        STALE_URL,
        FORGED_QUERY
    }

    private final Random random;

    HostileInputs(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    /**
     * A hostile value: one to three fragments, sometimes mixed into a near-valid value, sometimes
     * repeated to a megabyte (rarely: a megabyte per case would make the run long).
     */
    String value(String nearValid) {
        if (chance(0.015)) {
            String unit = pick(FRAGMENTS);
            return (unit.isEmpty() ? "A" : unit).repeat(ONE_MEGABYTE / Math.max(1, unit.length()) + 1);
        }
        if (nearValid != null && chance(0.25)) {
            int at = random.nextInt(nearValid.length() + 1);
            return nearValid.substring(0, at) + pick(FRAGMENTS) + nearValid.substring(at);
        }
        StringBuilder value = new StringBuilder();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            value.append(pick(FRAGMENTS));
        }
        return value.toString();
    }

    Shape shape() {
        double draw = random.nextDouble();
        if (draw < 0.50) {
            return Shape.NORMAL;
        }
        List<Shape> others = List.of(
                Shape.MISSING_FIELD,
                Shape.DUPLICATED_FIELD,
                Shape.EXTRA_FIELDS,
                Shape.WRONG_CONTENT_TYPE,
                Shape.INVALID_UTF8,
                Shape.EMPTY_BODY,
                Shape.STALE_URL,
                Shape.FORGED_QUERY);
        return pick(others);
    }

    /** An url-encoded form body of these fields in order (a name may come twice). */
    static byte[] formBody(List<Map.Entry<String, String>> fields) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields) {
            if (body.size() > 0) {
                body.write('&');
            }
            body.writeBytes(enc(field.getKey()).getBytes(StandardCharsets.US_ASCII));
            body.write('=');
            body.writeBytes(enc(field.getValue()).getBytes(StandardCharsets.US_ASCII));
        }
        return body.toByteArray();
    }

    /** The same body with the raw bytes appended as the value of one more field. */
    static byte[] withRawField(byte[] body, String name, byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(body);
        if (body.length > 0) {
            out.write('&');
        }
        out.writeBytes(enc(name).getBytes(StandardCharsets.US_ASCII));
        out.write('=');
        out.writeBytes(raw);
        return out.toByteArray();
    }

    /** A JSON document built by hand, so that it may be wrong: duplicated keys, wrong types, broken syntax. */
    String jsonBody(String field, String value, String otherField, String otherValue) {
        return switch (random.nextInt(12)) {
            case 0 -> "{";
            case 1 -> "[]";
            case 2 -> "null";
            case 3 -> "\"" + jsonEscape(value) + "\"";
            case 4 -> "{\"" + field + "\": {\"$ne\": 1}, \"" + otherField + "\": [1, 2]}";
            case 5 ->
                "{\"" + field + "\": \"a@b.c\", \"" + field + "\": \"" + jsonEscape(value) + "\", \"" + otherField
                        + "\": \"x\"}";
            case 6 -> "{\"" + field + "\": 12345678901234567890, \"" + otherField + "\": true}";
            case 7 -> "{\"unknown\": \"" + jsonEscape(value) + "\"}";
            case 8 ->
                new String(
                        new byte[] {'{', '"', 'e', '"', ':', '"', (byte) 0xFF, '"', '}'}, StandardCharsets.ISO_8859_1);
            default ->
                "{\"" + field + "\": \"" + jsonEscape(value) + "\", \"" + otherField + "\": \"" + jsonEscape(otherValue)
                        + "\"}";
        };
    }

    static String jsonEscape(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 16);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    /** A short, printable description of a value for failure reports. */
    static String describe(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder shown = new StringBuilder();
        value.codePoints().limit(60).forEach(cp -> {
            if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || Character.getType(cp) == Character.FORMAT) {
                shown.append(String.format("\\u%04x", cp));
            } else {
                shown.appendCodePoint(cp);
            }
        });
        return value.length() > 60 ? shown + "…(" + value.length() + " chars)" : shown.toString();
    }

    static List<Map.Entry<String, String>> fields(Object... namesAndValues) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.add(Map.entry((String) namesAndValues[i], (String) namesAndValues[i + 1]));
        }
        return fields;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
