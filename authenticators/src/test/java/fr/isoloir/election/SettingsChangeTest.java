package fr.isoloir.election;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsChangeTest {

    static Map<String, String> form(String... fieldsAndValues) {
        Map<String, String> form = new HashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            form.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return form;
    }

    @Nested
    class ValidValues {

        @Test
        void localDatesAreStoredWithTheOffsetTheZoneHasThatDay() {
            SettingsChange.Checked checked = SettingsChange.check(form(
                    "electionName", " CSE Exemple SA 2027 ",
                    "timeZone", "Europe/Paris",
                    "opensAt", "2027-03-12T09:00",
                    "closesAt", "2027-04-02T17:00"));

            assertThat(checked.problems()).isEmpty();
            assertThat(checked.attributes())
                    .containsEntry(ElectionSettings.NAME, "CSE Exemple SA 2027")
                    .as("winter time in March, summer time in April")
                    .containsEntry(ElectionSettings.OPENS_AT, "2027-03-12T09:00+01:00")
                    .containsEntry(ElectionSettings.CLOSES_AT, "2027-04-02T17:00+02:00")
                    .containsEntry(ElectionSettings.TIME_ZONE, "Europe/Paris");
        }

        @Test
        void anOverseasZoneGivesItsOwnOffset() {
            SettingsChange.Checked checked =
                    SettingsChange.check(form("timeZone", "Indian/Reunion", "opensAt", "2027-03-12T08:00"));

            assertThat(checked.attributes()).containsEntry(ElectionSettings.OPENS_AT, "2027-03-12T08:00+04:00");
        }

        @Test
        void emptyFieldsRemoveTheAttributesAndTheZoneDefaultsToParis() {
            SettingsChange.Checked checked = SettingsChange.check(form());

            assertThat(checked.valid()).isTrue();
            assertThat(checked.attributes())
                    .containsEntry(ElectionSettings.NAME, "")
                    .containsEntry(ElectionSettings.OPENS_AT, "")
                    .containsEntry(ElectionSettings.TIME_ZONE, "Europe/Paris");
        }

        @Test
        void aDateWithItsOffsetIsKeptAsGiven() {
            SettingsChange.Checked checked = SettingsChange.check(form("closesAt", "2027-03-19T17:00:00+01:00"));

            assertThat(checked.attributes()).containsEntry(ElectionSettings.CLOSES_AT, "2027-03-19T17:00+01:00");
        }

        @Test
        void theFormShowsAStoredInstantAsTheLocalTimeOfTheZone() {
            assertThat(SettingsChange.local(
                            Optional.of(OffsetDateTime.parse("2027-03-12T08:00:00Z")), ZoneId.of("Europe/Paris")))
                    .isEqualTo("2027-03-12T09:00");
        }
    }

    @Nested
    class RefusedValues {

        @Test
        void eachProblemIsBoundToItsFieldAndNothingIsToBeWritten() {
            SettingsChange.Checked checked = SettingsChange.check(form(
                    "electionName", "x".repeat(201),
                    "votingSiteUrl", "vote.exemple.fr",
                    "helpContact", "ligne 1\nligne 2",
                    "opensAt", "12/03/2027 9h"));

            assertThat(checked.attributes()).isEmpty();
            assertThat(checked.problems())
                    .extracting(SettingsChange.Problem::field, SettingsChange.Problem::key)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("electionName", "settings.error.tooLong"),
                            org.assertj.core.groups.Tuple.tuple("votingSiteUrl", "settings.error.url"),
                            org.assertj.core.groups.Tuple.tuple("helpContact", "settings.error.oneLine"),
                            org.assertj.core.groups.Tuple.tuple("opensAt", "settings.error.date"));
        }

        @Test
        void aClosingBeforeTheOpeningIsRefusedOnTheClosingField() {
            SettingsChange.Checked checked =
                    SettingsChange.check(form("opensAt", "2027-03-19T17:00", "closesAt", "2027-03-12T09:00"));

            assertThat(checked.problems())
                    .extracting(SettingsChange.Problem::field, SettingsChange.Problem::key)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("closesAt", "settings.error.order"));
        }

        @Test
        void aLocalTimeSkippedByTheSpringClockChangeIsRefusedNotMoved() {
            SettingsChange.Checked checked = SettingsChange.check(form("opensAt", "2027-03-28T02:30"));

            assertThat(checked.problems()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("settings.error.gap");
                assertThat(p.parameters()).containsExactly("Europe/Paris");
            });
        }

        @Test
        void anUnknownZoneOrAFixedOffsetIsRefused() {
            assertThat(SettingsChange.check(form("timeZone", "Mars/Olympus")).problems())
                    .extracting(SettingsChange.Problem::key)
                    .containsExactly("settings.error.zone");
            assertThat(SettingsChange.check(form("timeZone", "+01:00")).problems())
                    .extracting(SettingsChange.Problem::key)
                    .containsExactly("settings.error.zone");
        }

        @Test
        void anInstantInAnExtremeYearIsRefusedRatherThanFailingWhenShown() {
            assertThat(SettingsChange.check(form("closesAt", "+999999999-12-31T23:59-18:00"))
                            .problems())
                    .extracting(SettingsChange.Problem::field, SettingsChange.Problem::key)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("closesAt", "settings.error.date"));
        }

        @Test
        void secondsOtherThanZeroAreRefused() {
            assertThat(SettingsChange.check(form("opensAt", "2027-03-12T09:00:30"))
                            .problems())
                    .extracting(SettingsChange.Problem::key)
                    .containsExactly("settings.error.date");
        }
    }

    @Test
    void everyProblemKeyHasAFrenchAndAnEnglishMessage() throws Exception {
        for (String language : new String[] {"fr", "en"}) {
            java.util.Properties bundle = new java.util.Properties();
            try (var in = getClass().getResourceAsStream("/fr/isoloir/espace/messages_" + language + ".properties")) {
                bundle.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            }
            for (String key : new String[] {
                "settings.error.tooLong",
                "settings.error.oneLine",
                "settings.error.url",
                "settings.error.zone",
                "settings.error.date",
                "settings.error.gap",
                "settings.error.order"
            }) {
                assertThat(bundle.getProperty(key)).as(language + " " + key).isNotBlank();
            }
        }
    }
}
