package fr.isoloir.election;

import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.VoterBrowser;
import fr.isoloir.testsupport.VoterJourney;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outside the election's dates the voter login says when the vote opens, or that it closed, instead of
 * the identifier form; the lost-identifier request still works before opening, not after closing.
 */
@ExtendWith(IsoloirServer.Extension.class)
class ElectionWindowIT {

    static final ZoneOffset PARIS_WINTER = ZoneOffset.ofHours(1);

    private final IsoloirServer server;

    ElectionWindowIT(IsoloirServer server) {
        this.server = server;
    }

    URI votingSiteLogin() {
        return URI.create(server.votingSite().baseUri() + "/login");
    }

    @Test
    void beforeOpeningTheLoginSaysWhenItOpensAndTheLostIdentifierRequestStillWorks() {
        OffsetDateTime opens = OffsetDateTime.now(PARIS_WINTER).plusDays(2).truncatedTo(ChronoUnit.MINUTES);
        OffsetDateTime closes = opens.plusDays(7);
        try (ElectionAttributes ignored = ElectionAttributes.set(
                server,
                Map.of(ElectionSettings.OPENS_AT, opens.toString(), ElectionSettings.CLOSES_AT, closes.toString()))) {
            VoterBrowser browser = new VoterBrowser();
            VoterBrowser.Page page = browser.open(votingSiteLogin());

            assertThat(page.has("#isoloir-election-notYetOpen")).as(page.text()).isTrue();
            assertThat(page.has(VoterJourney.IDENTIFIER_FORM)).isFalse();
            assertThat(page.document().selectFirst("h1").text()).isEqualTo("Le vote n’est pas encore ouvert");
            assertThat(page.text())
                    .contains(ElectionWindow.forVoters(opens, Locale.FRENCH))
                    .contains(ElectionWindow.forVoters(closes, Locale.FRENCH));

            var link = page.document().selectFirst("#isoloir-lost-identifier");
            assertThat(link)
                    .as("the lost-identifier request is offered before opening")
                    .isNotNull();
            VoterBrowser.Page lost = browser.open(URI.create(link.absUrl("href")));
            assertThat(lost.has(VoterJourney.LOST_FORM)).as(lost.text()).isTrue();

            var retry = page.document().selectFirst("#isoloir-election-retry");
            assertThat(retry).isNotNull();
            assertThat(browser.open(URI.create(retry.absUrl("href"))).has("#isoloir-election-notYetOpen"))
                    .as("trying again before opening says the same")
                    .isTrue();
        }
    }

    @Test
    void afterClosingTheLoginAndTheLostIdentifierRequestSayTheVoteClosedAndWhen() {
        OffsetDateTime closes = OffsetDateTime.now(PARIS_WINTER).minusHours(3).truncatedTo(ChronoUnit.MINUTES);
        try (ElectionAttributes ignored = ElectionAttributes.set(
                server,
                Map.of(
                        ElectionSettings.OPENS_AT,
                        closes.minusDays(7).toString(),
                        ElectionSettings.CLOSES_AT,
                        closes.toString()))) {
            VoterBrowser browser = new VoterBrowser();
            VoterBrowser.Page page = browser.open(votingSiteLogin());

            assertThat(page.has("#isoloir-election-closed")).as(page.text()).isTrue();
            assertThat(page.document().selectFirst("h1").text()).isEqualTo("Le vote est clos");
            assertThat(page.text()).contains(ElectionWindow.forVoters(closes, Locale.FRENCH));
            assertThat(page.has("form")).isFalse();

            VoterBrowser.Page lost = browser.open(
                    URI.create(server.realmUri() + "/login-actions/reset-credentials?client_id=voting-site"));
            assertThat(lost.has(VoterJourney.LOST_FORM)).as(lost.text()).isFalse();
            assertThat(lost.has("#isoloir-election-closed") || lost.text().contains("Le vote est clos"))
                    .as(lost.text())
                    .isTrue();
        }
    }

    @Test
    void damagedDatesAreIgnoredAndTheLoginWorks() {
        try (ElectionAttributes ignored = ElectionAttributes.set(
                server, Map.of(ElectionSettings.OPENS_AT, "demain matin", ElectionSettings.CLOSES_AT, "2020-13-45"))) {
            new VoterJourney(server).openVotingSite();
        }
        assertThat(server.serverOutput()).contains("isoloir.opensAt: \"demain matin\" is not a date");
    }

    @Test
    void insideTheDatesTheLoginIsTheUsualOne() {
        OffsetDateTime now = OffsetDateTime.now(PARIS_WINTER);
        try (ElectionAttributes ignored = ElectionAttributes.set(
                server,
                Map.of(
                        ElectionSettings.OPENS_AT,
                        now.minusHours(1).toString(),
                        ElectionSettings.CLOSES_AT,
                        now.plusHours(1).toString()))) {
            new VoterJourney(server).openVotingSite();
        }
    }
}
