package fr.isoloir.election;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The election's settings as the manager's form sends them, checked field by field before anything is
 * stored: either every problem, each bound to its field with a message key of the Espace's bundles (the
 * page shows it in French or English next to the field), or the realm attributes to write (an empty value
 * removes the attribute, so that the fallback applies again). The dates come as the manager reads a clock:
 * a local date and time in the election's time zone, stored with the offset that zone has on that day
 * (summer or winter time), which is the format every reader of {@link ElectionSettings} knows.
 */
final class SettingsChange {

    // The form's fields, in the page's order.
    static final String NAME = "electionName";
    static final String VOTING_SITE_URL = "votingSiteUrl";
    static final String HELP_CONTACT = "helpContact";
    static final String TIME_ZONE = "timeZone";
    static final String OPENS_AT = "opensAt";
    static final String CLOSES_AT = "closesAt";

    /** Form field → realm attribute. */
    static final Map<String, String> FIELDS = fields();

    /** What the manager types in a date field (HTML's datetime-local gives 2027-03-12T09:00). */
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm");

    /** A field's problem: the bundle key the page translates, its parameters, and the same in English. */
    record Problem(String field, String key, List<String> parameters, String description) {}

    /** The outcome: attributes to write (field order, blank = remove) or the problems, never both. */
    record Checked(Map<String, String> attributes, List<Problem> problems) {
        boolean valid() {
            return problems.isEmpty();
        }
    }

    private SettingsChange() {}

    private static Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(NAME, ElectionSettings.NAME);
        fields.put(VOTING_SITE_URL, ElectionSettings.VOTING_SITE_URL);
        fields.put(HELP_CONTACT, ElectionSettings.HELP_CONTACT);
        fields.put(TIME_ZONE, ElectionSettings.TIME_ZONE);
        fields.put(OPENS_AT, ElectionSettings.OPENS_AT);
        fields.put(CLOSES_AT, ElectionSettings.CLOSES_AT);
        return Collections.unmodifiableMap(fields);
    }

    /** Checks the form's values (absent fields count as empty: the form always sends every field). */
    static Checked check(Map<String, String> form) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(ElectionSettings.NAME, text(form, NAME, problems));
        String site = value(form, VOTING_SITE_URL);
        if (!site.isEmpty()) {
            ElectionSettings.urlProblem(site)
                    .ifPresent(problem -> problems.add(new Problem(
                            VOTING_SITE_URL, "settings.error.url", List.of(), "The voting site address " + problem)));
        }
        attributes.put(ElectionSettings.VOTING_SITE_URL, site);
        attributes.put(ElectionSettings.HELP_CONTACT, text(form, HELP_CONTACT, problems));
        String zoneValue = value(form, TIME_ZONE);
        Optional<ZoneId> zone = zoneValue.isEmpty()
                ? Optional.of(ElectionSettings.DEFAULT_TIME_ZONE)
                : ElectionSettings.parseZone(zoneValue);
        if (zone.isEmpty()) {
            problems.add(new Problem(
                    TIME_ZONE, "settings.error.zone", List.of(), "Choose a time zone such as Europe/Paris."));
        }
        attributes.put(ElectionSettings.TIME_ZONE, zone.map(ZoneId::getId).orElse(""));
        Optional<OffsetDateTime> opens = zone.flatMap(z -> instant(form, OPENS_AT, z, problems));
        Optional<OffsetDateTime> closes = zone.flatMap(z -> instant(form, CLOSES_AT, z, problems));
        if (opens.isPresent()
                && closes.isPresent()
                && !closes.get().toInstant().isAfter(opens.get().toInstant())) {
            problems.add(new Problem(
                    CLOSES_AT,
                    "settings.error.order",
                    List.of(),
                    "The closing date and time must come after the opening."));
        }
        attributes.put(
                ElectionSettings.OPENS_AT, opens.map(OffsetDateTime::toString).orElse(""));
        attributes.put(
                ElectionSettings.CLOSES_AT, closes.map(OffsetDateTime::toString).orElse(""));
        return problems.isEmpty() ? new Checked(attributes, List.of()) : new Checked(Map.of(), List.copyOf(problems));
    }

    /** A stored instant as the form shows it: the local date and time in the election's zone. */
    static String local(Optional<OffsetDateTime> instant, ZoneId zone) {
        return instant.map(i -> i.atZoneSameInstant(zone).toLocalDateTime().format(LOCAL))
                .orElse("");
    }

    private static String text(Map<String, String> form, String field, List<Problem> problems) {
        String value = value(form, field);
        if (value.length() > ElectionSettings.MAX_TEXT) {
            problems.add(new Problem(
                    field,
                    "settings.error.tooLong",
                    List.of(Integer.toString(ElectionSettings.MAX_TEXT)),
                    "At most " + ElectionSettings.MAX_TEXT + " characters."));
        } else if (value.codePoints().anyMatch(Character::isISOControl)) {
            problems.add(new Problem(
                    field, "settings.error.oneLine", List.of(), "One line of text, without control characters."));
        }
        return value;
    }

    /**
     * A date field: empty (no limit), a local date and time read in the zone, or a date with its offset
     * (what a script may send, kept as given). A local time the zone skips (the night summer time begins)
     * is refused rather than moved; one it repeats (autumn) is the first of the two.
     */
    private static Optional<OffsetDateTime> instant(
            Map<String, String> form, String field, ZoneId zone, List<Problem> problems) {
        String value = value(form, field);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Optional<OffsetDateTime> withOffset = ElectionSettings.parseInstant(value);
        if (withOffset.isPresent()) {
            return withOffset;
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(value.length() > 16 ? value.substring(0, 16) : value, LOCAL);
            if (value.length() > 16 && !value.substring(16).matches(":00(\\.0+)?")) {
                throw new DateTimeParseException("seconds", value, 16);
            }
        } catch (DateTimeParseException e) {
            problems.add(new Problem(
                    field,
                    "settings.error.date",
                    List.of(),
                    "A date and time such as 2027-03-12T09:00 (in the election's time zone)."));
            return Optional.empty();
        }
        if (zone.getRules().getValidOffsets(local).isEmpty()) {
            problems.add(new Problem(
                    field,
                    "settings.error.gap",
                    List.of(zone.getId()),
                    "This time does not exist that day in " + zone.getId() + " (the clocks go forward): choose "
                            + "another."));
            return Optional.empty();
        }
        return Optional.of(local.atZone(zone).toOffsetDateTime());
    }

    private static String value(Map<String, String> form, String field) {
        String value = form == null ? null : form.get(field);
        return value == null ? "" : value.trim();
    }
}
