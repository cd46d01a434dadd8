package fr.isoloir.election;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ElectionSettingsTest {

    static ElectionSettings read(Map<String, String> attributes) {
        return ElectionSettings.read(attributes, "Élections CSE 2027", "vote", () -> "https://client.example/vote/");
    }

    @Test
    void the_attributes_win_when_set() {
        ElectionSettings settings = read(Map.of(
                ElectionSettings.NAME, "  CSE Exemple SA 2027 ",
                ElectionSettings.VOTING_SITE_URL, "https://vote.exemple.fr/",
                ElectionSettings.HELP_CONTACT, "elections@exemple.fr, 01 23 45 67 89",
                ElectionSettings.OPENS_AT, "2027-03-12T09:00:00+01:00",
                ElectionSettings.CLOSES_AT, "2027-03-19T17:00:00+01:00"));

        assertThat(settings.electionName()).isEqualTo("CSE Exemple SA 2027");
        assertThat(settings.votingSiteUrl()).isEqualTo("https://vote.exemple.fr/");
        assertThat(settings.helpContact()).contains("elections@exemple.fr, 01 23 45 67 89");
        assertThat(settings.window().opensAt()).contains(OffsetDateTime.parse("2027-03-12T09:00:00+01:00"));
        assertThat(settings.window().closesAt()).contains(OffsetDateTime.parse("2027-03-19T17:00:00+01:00"));
        assertThat(settings.problems()).isEmpty();
    }

    @Test
    void without_attributes_the_name_is_the_display_name_and_the_site_the_clients_address() {
        ElectionSettings settings = read(Map.of());

        assertThat(settings.electionName()).isEqualTo("Élections CSE 2027");
        assertThat(settings.votingSiteUrl()).isEqualTo("https://client.example/vote/");
        assertThat(settings.helpContact()).isEmpty();
        assertThat(settings.window()).isEqualTo(ElectionWindow.ALWAYS_OPEN);
        assertThat(settings.problems()).isEmpty();
    }

    @Test
    void blank_attributes_count_as_absent_and_without_display_name_the_realm_name_is_the_election_name() {
        Map<String, String> blank = new HashMap<>();
        ElectionSettings.ATTRIBUTES.forEach(key -> blank.put(key, "  "));
        ElectionSettings settings = ElectionSettings.read(blank, " ", "vote", () -> null);

        assertThat(settings.electionName()).isEqualTo("vote");
        assertThat(settings.votingSiteUrl()).isEmpty();
        assertThat(settings.problems()).isEmpty();
    }

    @Test
    void the_client_is_asked_only_when_no_valid_address_is_set() {
        AtomicInteger asked = new AtomicInteger();
        ElectionSettings.read(Map.of(ElectionSettings.VOTING_SITE_URL, "https://vote.exemple.fr/"), "", "vote", () -> {
            asked.incrementAndGet();
            return "x";
        });
        assertThat(asked).hasValue(0);
    }

    @Test
    void a_bad_voting_site_address_is_ignored_and_reported() {
        for (String bad : new String[] {
            "vote.exemple.fr",
            "ftp://vote.exemple.fr/",
            "https://",
            "https://vote exemple.fr/",
            "http://vote.exemple.fr/",
            "https://vote.exemple.fr@autre.example/",
            "https://vote.exemple.fr/" + "a".repeat(ElectionSettings.MAX_URL)
        }) {
            ElectionSettings settings = read(Map.of(ElectionSettings.VOTING_SITE_URL, bad));

            assertThat(settings.votingSiteUrl()).as(bad).isEqualTo("https://client.example/vote/");
            assertThat(settings.problems())
                    .as(bad)
                    .singleElement()
                    .asString()
                    .startsWith(ElectionSettings.VOTING_SITE_URL + ": ")
                    .contains(bad.length() > ElectionSettings.MAX_URL ? "longer than" : bad);
        }
    }

    @Test
    void plain_http_is_accepted_on_the_loopback_only_for_the_demo() {
        for (String local : new String[] {"http://localhost:8081/", "http://127.0.0.1:8081/", "http://[::1]:8081/"}) {
            assertThat(ElectionSettings.urlProblem(local)).as(local).isEmpty();
        }
    }

    @Test
    void a_date_without_offset_or_unreadable_is_ignored_and_reported_with_an_example() {
        ElectionSettings settings =
                read(Map.of(ElectionSettings.OPENS_AT, "2027-03-12T09:00", ElectionSettings.CLOSES_AT, "19/03/2027"));

        assertThat(settings.window()).isEqualTo(ElectionWindow.ALWAYS_OPEN);
        assertThat(settings.problems())
                .hasSize(2)
                .allSatisfy(problem -> assertThat(problem).contains("such as 2027-03-12T09:00:00+01:00"));
        assertThat(settings.problems().get(0))
                .startsWith(ElectionSettings.OPENS_AT)
                .contains("2027-03-12T09:00");
    }

    @Test
    void a_closing_before_the_opening_voids_both_dates_rather_than_lock_every_voter_out() {
        ElectionSettings settings = read(Map.of(
                ElectionSettings.OPENS_AT,
                "2027-03-19T17:00:00+01:00",
                ElectionSettings.CLOSES_AT,
                "2027-03-12T09:00:00+01:00"));

        assertThat(settings.window()).isEqualTo(ElectionWindow.ALWAYS_OPEN);
        assertThat(settings.problems()).singleElement().asString().contains("after the opening");
    }

    @Test
    void an_overlong_name_or_contact_falls_back_and_is_reported() {
        String longText = "x".repeat(ElectionSettings.MAX_TEXT + 1);
        ElectionSettings settings =
                read(Map.of(ElectionSettings.NAME, longText, ElectionSettings.HELP_CONTACT, longText));

        assertThat(settings.electionName()).isEqualTo("Élections CSE 2027");
        assertThat(settings.helpContact()).isEmpty();
        assertThat(settings.problems()).hasSize(2);
    }

    @Test
    void problems_of_attribute_values_alone_for_the_console_page() {
        assertThat(ElectionSettings.problems(Map.of(ElectionSettings.VOTING_SITE_URL, "https://vote.exemple.fr/")))
                .isEmpty();
        assertThat(ElectionSettings.problems(Map.of(ElectionSettings.OPENS_AT, "demain")))
                .hasSize(1);
    }
}
