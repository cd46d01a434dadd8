package fr.isoloir.voterlist;

import fr.isoloir.phone.PhoneNumbers;
import fr.isoloir.phone.SmsNumber;
import fr.isoloir.voter.DeliveryChannel;
import org.keycloak.utils.EmailValidationUtil;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A voter file read and checked, with nothing touched yet: the voters it holds and every problem,
 * one per (line, column, reason). A file with any problem imports nothing. Warnings (a contact
 * shared by two voters) do not block. Pure: no Keycloak session needed, so every edge case is a unit test.
 */
public record VoterFile(
        String encoding,
        String separator,
        List<VoterRow> voters,
        List<Problem> problems,
        List<Problem> warnings,
        List<String> ignoredColumns) {

    /** Columns every file needs. */
    static final List<Column> REQUIRED = List.of(Column.EMPLOYEE_NUMBER, Column.LAST_NAME, Column.FIRST_NAME);

    /**
     * What Keycloak's user profile refuses in a name (its person-name-prohibited-characters validator,
     * which the realm's profile applies to first and last names): refused here too, so that a voter
     * imported today can still be saved from the admin console tomorrow.
     */
    private static final Pattern NAME = Pattern.compile("^[^<>&\"\\v$%!#?§;*~/\\\\|^=\\[\\]{}()\\p{Cntrl}]+$");

    private static final Map<String, DeliveryChannel> CHANNEL_WORDS = channelWords();

    public boolean valid() {
        return problems.isEmpty();
    }

    public static VoterFile read(byte[] content) {
        CsvRecords.Decoded decoded = CsvRecords.decode(content);
        char separator = CsvRecords.separator(decoded.text());
        CsvRecords.Parsed parsed = CsvRecords.parse(decoded.text(), separator);
        Checker checker = new Checker();
        if (parsed.unterminatedQuoteLine() > 0) {
            checker.problems.add(Problem.of(parsed.unterminatedQuoteLine(), "", Reason.UNTERMINATED_QUOTE));
        }
        List<CsvRecords.Record> records =
                parsed.records().stream().filter(r -> !r.blank()).toList();
        if (records.isEmpty()) {
            if (checker.problems.isEmpty()) {
                checker.problems.add(Problem.of(1, "", Reason.EMPTY_FILE));
            }
        } else if (checker.header(records.get(0))) {
            records.subList(1, records.size()).forEach(checker::row);
            if (records.size() == 1 && checker.problems.isEmpty()) {
                checker.problems.add(Problem.of(records.get(0).line(), "", Reason.NO_VOTERS));
            }
            checker.duplicates();
        }
        checker.problems.sort(Comparator.comparingInt(Problem::line));
        checker.warnings.sort(Comparator.comparingInt(Problem::line));
        return new VoterFile(
                decoded.encoding(),
                String.valueOf(separator),
                checker.problems.isEmpty() ? List.copyOf(checker.voters) : List.of(),
                List.copyOf(checker.problems),
                List.copyOf(checker.warnings),
                List.copyOf(checker.ignored));
    }

    /** The problems as the console shows them: the first few, and how many in all. */
    public String summary(int shown) {
        String first = problems.stream().limit(shown).map(Problem::describe).collect(Collectors.joining("; "));
        return problems.size() + (problems.size() == 1 ? " problem" : " problems") + ", nothing imported. " + first
                + (problems.size() > shown ? "; …" : "");
    }

    private static final class Checker {
        final List<Problem> problems = new ArrayList<>();
        final List<Problem> warnings = new ArrayList<>();
        final List<String> ignored = new ArrayList<>();
        final List<VoterRow> voters = new ArrayList<>();
        /** Column → index in the records and header as written. */
        final Map<Column, Integer> index = new EnumMap<>(Column.class);

        final Map<Column, String> headers = new EnumMap<>(Column.class);
        int width;
        /** Line of every voter's employee number, email and mobile, for duplicates. */
        final Map<String, List<Integer>> employeeNumbers = new LinkedHashMap<>();

        final Map<String, List<Integer>> emails = new LinkedHashMap<>();
        final Map<String, List<Integer>> phones = new LinkedHashMap<>();

        /** Reads the header; false when it is unusable (then rows are not looked at: they would only add noise). */
        boolean header(CsvRecords.Record header) {
            width = header.fields().size();
            for (int i = 0; i < width; i++) {
                String name = header.fields().get(i).strip();
                if (name.isEmpty()) {
                    continue;
                }
                Optional<Column> column = Column.forHeader(name);
                if (column.isEmpty()) {
                    ignored.add(name);
                } else if (index.containsKey(column.get())) {
                    problems.add(Problem.of(header.line(), name, Reason.DUPLICATE_COLUMN, headers.get(column.get())));
                } else {
                    index.put(column.get(), i);
                    headers.put(column.get(), name);
                }
            }
            for (Column required : REQUIRED) {
                if (!index.containsKey(required)) {
                    problems.add(Problem.of(
                            header.line(),
                            required.aliases().get(0),
                            Reason.MISSING_COLUMN,
                            String.join(", ", required.aliases())));
                }
            }
            return problems.isEmpty();
        }

        String header(Column column) {
            return headers.getOrDefault(column, column.aliases().get(0));
        }

        void row(CsvRecords.Record record) {
            int line = record.line();
            int before = problems.size();
            for (int i = width; i < record.fields().size(); i++) {
                if (!record.fields().get(i).isBlank()) {
                    problems.add(Problem.of(line, "column " + (i + 1), Reason.EXTRA_FIELD));
                    break;
                }
            }
            Map<Column, String> values = new EnumMap<>(Column.class);
            for (Map.Entry<Column, Integer> entry : index.entrySet()) {
                String raw = entry.getValue() < record.fields().size()
                        ? record.fields().get(entry.getValue()).strip()
                        : "";
                if (raw.isEmpty()) {
                    continue;
                }
                Column column = entry.getKey();
                if (raw.chars()
                        .anyMatch(c -> Character.isISOControl(c) || c == '\uFFFD' || c == '\u2028' || c == '\u2029')) {
                    problems.add(Problem.of(line, header(column), Reason.CONTROL_CHARACTER));
                } else if (raw.length() > column.maxLength) {
                    problems.add(Problem.of(line, header(column), Reason.TOO_LONG, Integer.toString(column.maxLength)));
                } else {
                    values.put(column, raw);
                }
            }
            boolean unreadable = problems.size() > before;

            String employeeNumber = values.get(Column.EMPLOYEE_NUMBER);
            if (employeeNumber == null && !unreadableColumn(before, Column.EMPLOYEE_NUMBER)) {
                problems.add(Problem.of(line, header(Column.EMPLOYEE_NUMBER), Reason.MISSING_EMPLOYEE_NUMBER));
            } else if (employeeNumber != null) {
                employeeNumbers
                        .computeIfAbsent(employeeNumber, k -> new ArrayList<>())
                        .add(line);
            }
            for (Column name : List.of(Column.LAST_NAME, Column.FIRST_NAME)) {
                String value = values.get(name);
                if (value == null && !unreadableColumn(before, name)) {
                    problems.add(Problem.of(line, header(name), Reason.MISSING_NAME));
                } else if (value != null && !NAME.matcher(value).matches()) {
                    problems.add(Problem.of(line, header(name), Reason.INVALID_NAME));
                }
            }
            String email = values.get(Column.EMAIL) == null
                    ? null
                    : values.get(Column.EMAIL).toLowerCase(Locale.ROOT);
            if (email != null && !EmailValidationUtil.isValidEmail(email)) {
                problems.add(Problem.of(line, header(Column.EMAIL), Reason.INVALID_EMAIL));
            } else if (email != null) {
                emails.computeIfAbsent(email, k -> new ArrayList<>()).add(line);
            }
            String phone = null;
            if (values.containsKey(Column.MOBILE)) {
                // The manager's resend refuses the same numbers: its defaults are France and the overseas regions.
                SmsNumber checked = SmsNumber.check(values.get(Column.MOBILE), "FR", PhoneNumbers.FRANCE_WITH_OVERSEAS);
                if (checked.problem() == null) {
                    phone = checked.e164();
                    phones.computeIfAbsent(phone, k -> new ArrayList<>()).add(line);
                } else {
                    problems.add(Problem.of(
                            line,
                            header(Column.MOBILE),
                            checked.problem() == SmsNumber.Problem.NOT_A_MOBILE_IN_THE_REGIONS
                                    ? Reason.PHONE_NOT_MOBILE
                                    : Reason.INVALID_PHONE));
                }
            }
            boolean hasAddressLine = values.containsKey(Column.ADDRESS1)
                    || values.containsKey(Column.ADDRESS2)
                    || values.containsKey(Column.ADDRESS3);
            DeliveryChannel channel;
            if (values.containsKey(Column.CHANNEL)) {
                channel = CHANNEL_WORDS.get(Column.normalise(values.get(Column.CHANNEL)));
                if (channel == null) {
                    problems.add(Problem.of(line, header(Column.CHANNEL), Reason.UNKNOWN_CHANNEL));
                }
            } else if (unreadableColumn(before, Column.CHANNEL)) {
                channel = null;
            } else if (values.containsKey(Column.EMAIL) || unreadableColumn(before, Column.EMAIL)) {
                channel = DeliveryChannel.EMAIL;
            } else if (values.containsKey(Column.MOBILE) || unreadableColumn(before, Column.MOBILE)) {
                channel = DeliveryChannel.SMS;
            } else if (!hasAddressLine
                    && !values.containsKey(Column.POSTCODE)
                    && !values.containsKey(Column.CITY)
                    && !unreadable) {
                problems.add(Problem.of(line, "", Reason.NO_CONTACT));
                channel = null;
            } else {
                channel = DeliveryChannel.POSTAL;
            }
            if (channel == DeliveryChannel.EMAIL
                    && !values.containsKey(Column.EMAIL)
                    && !unreadableColumn(before, Column.EMAIL)) {
                problems.add(Problem.of(line, header(Column.EMAIL), Reason.MISSING_CONTACT, "email"));
            } else if (channel == DeliveryChannel.SMS
                    && !values.containsKey(Column.MOBILE)
                    && !unreadableColumn(before, Column.MOBILE)) {
                problems.add(Problem.of(line, header(Column.MOBILE), Reason.MISSING_CONTACT, "sms"));
            } else if (channel == DeliveryChannel.POSTAL) {
                if (!hasAddressLine && !unreadableColumn(before, Column.ADDRESS1)) {
                    problems.add(Problem.of(line, header(Column.ADDRESS1), Reason.INCOMPLETE_POSTAL_ADDRESS));
                }
                for (Column part : List.of(Column.POSTCODE, Column.CITY)) {
                    if (!values.containsKey(part) && !unreadableColumn(before, part)) {
                        problems.add(Problem.of(line, header(part), Reason.INCOMPLETE_POSTAL_ADDRESS));
                    }
                }
            }
            if (problems.size() == before) {
                voters.add(new VoterRow(
                        line,
                        employeeNumber,
                        values.get(Column.LAST_NAME),
                        values.get(Column.FIRST_NAME),
                        email,
                        phone,
                        values.get(Column.ADDRESS1),
                        values.get(Column.ADDRESS2),
                        values.get(Column.ADDRESS3),
                        values.get(Column.POSTCODE),
                        values.get(Column.CITY),
                        values.get(Column.COLLEGE),
                        channel));
            }
        }

        /** Whether this row's column was already reported unreadable (control character, too long): no second problem for it. */
        private boolean unreadableColumn(int rowStart, Column column) {
            String name = header(column);
            return problems.subList(rowStart, problems.size()).stream()
                    .anyMatch(p -> p.column().equals(name));
        }

        void duplicates() {
            sameValue(employeeNumbers, Column.EMPLOYEE_NUMBER, Reason.DUPLICATE_EMPLOYEE_NUMBER, problems);
            sameValue(emails, Column.EMAIL, Reason.SHARED_EMAIL, warnings);
            sameValue(phones, Column.MOBILE, Reason.SHARED_MOBILE, warnings);
        }

        private void sameValue(Map<String, List<Integer>> lines, Column column, Reason reason, List<Problem> into) {
            for (List<Integer> same : lines.values()) {
                if (same.size() < 2) {
                    continue;
                }
                for (int line : same) {
                    String others = same.stream()
                            .filter(l -> l != line)
                            .map(String::valueOf)
                            .collect(Collectors.joining(", "));
                    into.add(Problem.of(line, header(column), reason, others));
                }
            }
        }
    }

    private static Map<String, DeliveryChannel> channelWords() {
        Map<String, DeliveryChannel> words = new LinkedHashMap<>();
        Function<DeliveryChannel, java.util.function.Consumer<String>> add =
                channel -> word -> words.put(word, channel);
        Set.of("email", "e mail", "courriel", "mail", "electronique").forEach(add.apply(DeliveryChannel.EMAIL));
        Set.of("sms", "mobile", "portable", "texto", "text message", "text").forEach(add.apply(DeliveryChannel.SMS));
        Set.of(
                        "postal",
                        "courrier",
                        "poste",
                        "post",
                        "lettre",
                        "letter",
                        "papier",
                        "paper",
                        "postal mail",
                        "mail postal",
                        "courrier postal")
                .forEach(add.apply(DeliveryChannel.POSTAL));
        return Map.copyOf(words);
    }
}
