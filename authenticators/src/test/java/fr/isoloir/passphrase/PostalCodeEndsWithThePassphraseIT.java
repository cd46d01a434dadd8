package fr.isoloir.passphrase;

import fr.isoloir.demo.DemoPrinter;
import fr.isoloir.testsupport.ElectionManager;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.TestPrinter;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static fr.isoloir.testsupport.VoterJourney.PASSPHRASE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SEC-C3: the code printed on a postal letter works until the voter has chosen a passphrase, then never
 * again; the election manager's endpoint that produces a voter's letter refuses such voters, is closed
 * to anyone without the realm's manage-users right (SEC-F1), and gives the letter encrypted to the
 * printer's key: no code in clear to the manager.
 */
@ExtendWith(IsoloirServer.Extension.class)
class PostalCodeEndsWithThePassphraseIT {

    static final String PASSPHRASE = "Le facteur sonne toujours deux fois";
    static final String POSTAL_CREDENTIAL = "isoloir-postal-code";

    private final IsoloirServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    PostalCodeEndsWithThePassphraseIT(IsoloirServer server) {
        this.server = server;
    }

    @Nested
    class APostalVoterWhoChoseAPassphrase {

        @Test
        void hasNoLetterCodeLeftAndLogsInWithIdentifierThenPassphraseOnly() {
            Voter voter = server.voters().byPost();
            assertThat(credentialTypes(voter)).containsExactly(POSTAL_CREDENTIAL);

            VoterJourney first = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
            assertThat(first.isOn(CODE_FORM)).as(first.page().text()).isTrue();
            first.typeCode(voter.postalCode());
            assertThat(first.page().has("input[name=passphrase-confirm]"))
                    .as(first.page().text())
                    .isTrue();
            first.choosePassphrase(PASSPHRASE);
            assertThat(first.isInPersonalSpace()).as(first.page().text()).isTrue();

            assertThat(credentialTypes(voter)).containsExactly("password");

            VoterJourney next = new VoterJourney(server).openVotingSite().typeIdentifier(voter.typed());
            assertThat(next.isOn(CODE_FORM)).as("no code page any more").isFalse();
            assertThat(next.isOn(PASSPHRASE_FORM)).as(next.page().text()).isTrue();
            assertThat(next.page().has("input[name=passphrase][autocomplete=current-password]"))
                    .isTrue();
            next.givePassphrase(PASSPHRASE);
            assertThat(next.isInPersonalSpace()).as(next.page().text()).isTrue();
            assertThat(next.claim("sub")).isEqualTo(voter.userId());
        }

        @Test
        void cannotBeGivenANewLetterCode() {
            Voter voter = server.voters().byPost();
            new VoterJourney(server)
                    .openVotingSite()
                    .typeIdentifier(voter.typed())
                    .typeCode(voter.postalCode())
                    .choosePassphrase(PASSPHRASE);

            var answer = server.admin().post(letterPath(voter) + "&confirm=true", null, new byte[0]);

            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.json().get("error").asText()).isEqualTo("passphrase_set");
            assertThat(answer.body()).doesNotContainPattern("[A-Z0-9]{5}-[A-Z0-9]{5}");
            assertThat(credentialTypes(voter)).containsExactly("password");
        }
    }

    /**
     * POST /admin/realms/vote/isoloir/postal-letters?voter={id}: one voter's letter, for the printer. The
     * former voters/{id}/postal-code call, which gave the code to the manager in clear, is gone.
     */
    @Nested
    class OneVotersLetter {

        @Test
        void answers401WithoutAToken() {
            Voter voter = server.voters().byPost();

            HttpResponse<String> answer = post(endpoint(voter), null);

            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.body()).doesNotContainPattern("[A-Z0-9]{5}-[A-Z0-9]{5}");
        }

        @Test
        void answers403ToAnAdminWhoMayViewButNotManageTheVoters() {
            Voter voter = server.voters().byPost();
            try (ElectionManager viewer = ElectionManager.create(server, "view-users")) {
                assertThat(viewer.get("/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId())
                                .statusCode())
                        .as("the token works for what the role allows")
                        .isEqualTo(200);

                HttpResponse<String> answer = post(endpoint(voter), viewer.token());

                assertThat(answer.statusCode()).isEqualTo(403);
                assertThat(answer.body()).doesNotContainPattern("[A-Z0-9]{5}-[A-Z0-9]{5}");
            }
        }

        @Test
        void givesAnAdminWithManageUsersNoCodeInClearButALetterForThePrinterWhoseCodeReplacesTheOldOne() {
            Voter voter = server.voters().byPost();
            try (ElectionManager manager = ElectionManager.create(server, "manage-users")) {
                HttpResponse<String> gone = post(
                        server.baseUri().resolve(server.voters().voterPath(voter) + "/postal-code"), manager.token());
                assertThat(gone.statusCode())
                        .as("the call that gave a code in clear is gone")
                        .isIn(404, 405);
                assertThat(gone.body()).doesNotContainPattern("[A-Z0-9]{5}-[A-Z0-9]{5}");

                HttpResponse<byte[]> answer = manager.post(letterPath(voter) + "&confirm=true");

                assertThat(answer.statusCode()).isEqualTo(200);
                String asText = new String(answer.body(), StandardCharsets.ISO_8859_1);
                assertThat(asText)
                        .as("ciphertext only")
                        .doesNotContainPattern("[A-Z0-9]{5}-[A-Z0-9]{5}")
                        .doesNotContain(voter.typed())
                        .doesNotContain("connectionCode");
                List<List<String>> rows = DemoPrinter.rows(
                        TestPrinter.PRINTER.decrypt(answer.body()).text());
                String code = rows.get(1).get(7);
                assertThat(code).matches("[A-Z0-9]{5}-[A-Z0-9]{5}").isNotEqualTo(voter.postalCode());
                assertThat(credentialTypes(voter)).containsExactly(POSTAL_CREDENTIAL);

                VoterJourney old = new VoterJourney(server)
                        .openVotingSite()
                        .typeIdentifier(voter.typed())
                        .typeCode(voter.postalCode());
                assertThat(old.isOn(CODE_FORM))
                        .as("the old letter's code no longer works")
                        .isTrue();
                VoterJourney current = new VoterJourney(server)
                        .openVotingSite()
                        .typeIdentifier(voter.typed())
                        .typeCode(code);
                assertThat(current.page().has("input[name=passphrase-confirm]"))
                        .as(current.page().text())
                        .isTrue();
            }
        }
    }

    String letterPath(Voter voter) {
        return "/admin/realms/" + IsoloirServer.REALM + "/isoloir/postal-letters?voter=" + voter.userId();
    }

    URI endpoint(Voter voter) {
        return server.baseUri().resolve(letterPath(voter) + "&confirm=true");
    }

    HttpResponse<String> post(URI uri, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(""));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(http, request.build());
    }

    List<String> credentialTypes(Voter voter) {
        List<String> types = new ArrayList<>();
        server.admin()
                .get("/admin/realms/" + IsoloirServer.REALM + "/users/" + voter.userId() + "/credentials")
                .expect(200)
                .json()
                .forEach(c -> types.add(c.get("type").asText()));
        return types;
    }

    static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
