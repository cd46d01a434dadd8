package fr.isoloir.docker;

import fr.isoloir.recovery.LostIdentifierSettings;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.Mailbox;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's own image (docker/Dockerfile, stage keycloak), built and started by the docker profile
 * as compose.yaml starts it, on PostgreSQL: a voter's full login through the demo voting site, and the
 * lost-identifier page, whose captcha is drawn by the image's headless JDK with no font installed.
 * Skipped where no Docker engine answers.
 */
@EnabledIf(value = "fr.isoloir.testsupport.docker.ProjectImage#dockerAnswers", disabledReason = "no Docker engine answers `docker info`")
@ExtendWith(IsoloirServer.Extension.class)
class OwnImageIT {

    static final String PASSPHRASE = "Trois chats gris dorment au soleil";
    static final Pattern IDENTIFIER = Pattern.compile("\\b([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})\\b");

    private final IsoloirServer server;

    OwnImageIT(IsoloirServer server) {
        this.server = server;
    }

    @Nested
    class AnEmailVoter {

        @Test
        void logsInWithTheEmailedCodeAndAPassphraseAndLandsOnTheVotingSite() {
            Voter voter = server.voters().byEmail();
            VoterJourney journey = VoterJourney.firstLogin(server, voter, PASSPHRASE);
            assertThat(journey.claim("iss")).isEqualTo(server.realmUri().toString());
            assertThat(journey.claim("sub")).isEqualTo(voter.userId());
        }
    }

    @Nested
    class TheLostIdentifierPage {

        @Test
        void drawsItsCaptchaWithoutFontsAndSendsANewIdentifierToAKnownEmail() throws Exception {
            LostIdentifierSettings.apply(server, Map.of());
            Voter voter = server.voters().byEmail();
            VoterJourney journey = new VoterJourney(server).openVotingSite().followLostIdentifierLink();

            String image = journey.page().document().selectFirst("#isoloir-captcha-image").attr("src");
            assertThat(image).startsWith("data:image/png;base64,");
            BufferedImage captcha = ImageIO.read(new ByteArrayInputStream(
                    Base64.getDecoder().decode(image.substring(image.indexOf(',') + 1))));
            assertThat(captcha.getWidth()).isEqualTo(220);
            assertThat(captcha.getHeight()).isEqualTo(70);

            journey.askForNewIdentifier(voter.email());
            assertThat(journey.isOnLostConfirmation()).as(journey.page().text()).isTrue();
            Matcher fresh = IDENTIFIER.matcher(Mailbox.plainText(server.mailbox().awaitMessage(voter.email(), 1)));
            assertThat(fresh.find()).isTrue();
            assertThat(fresh.group(1)).isNotEqualTo(voter.typed());
            assertThat(server.serverOutput()).doesNotContain("FontConfiguration", "HeadlessException", "UnsatisfiedLinkError");
        }
    }
}
