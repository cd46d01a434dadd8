package fr.isoloir.postal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.isoloir.keycloakrunner.KeycloakAdmin;
import fr.isoloir.testsupport.ElectionRealm;
import fr.isoloir.testsupport.IsoloirServer;
import fr.isoloir.testsupport.TestPrinter;
import fr.isoloir.testsupport.VoterFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing of an election outlives its realm: its jobs (statuses, chunks) and its letters' encrypted parts
 * are deleted with it. Shown through the REST API: a realm created again with the removed realm's id (as a
 * restore from an export does) sees none of them.
 */
@ExtendWith(IsoloirServer.Extension.class)
class RemovedElectionIT {

    private static final String REALM = "cse-retiree";

    private final IsoloirServer server;

    RemovedElectionIT(IsoloirServer server) {
        this.server = server;
    }

    @Test
    void aRealmCreatedAgainWithARemovedElectionsIdFindsNeitherItsJobsNorItsLetters() throws Exception {
        ObjectNode realm = (ObjectNode) new ObjectMapper()
                .readTree(ElectionRealm.newElection(
                        server, "--realm", REALM, "--site", "https://vote.example/", "--name", "Retirée", "--resolve"));
        realm.put("id", UUID.randomUUID().toString());
        KeycloakAdmin admin = server.admin();
        admin.post("/admin/realms", realm).expect(201);
        String importId = admin.post(path("voter-imports"), "text/csv", VoterFiles.generate(30, 4242))
                .expect(202)
                .json()
                .get("jobId")
                .asText();
        await(
                () -> admin.get(path("voter-imports/" + importId)).expect(200).json(),
                s -> !"running".equals(s.get("status").asText()));
        TestPrinter.installIn(admin, REALM);
        String production = admin.post(path("postal-letter-productions"), Map.of())
                .expect(202)
                .json()
                .get("id")
                .asText();
        JsonNode ended = await(
                () -> admin.get(path("postal-letter-productions/" + production))
                        .expect(200)
                        .json(),
                s -> !"running".equals(s.get("state").asText()));
        assertThat(ended.get("fileAvailable").asBoolean()).as(ended.toString()).isTrue();

        admin.delete("/admin/realms/" + REALM);
        admin.post("/admin/realms", realm).expect(201);
        try {
            assertThat(admin.get(path("postal-letter-productions")).expect(200).json())
                    .as("the removed election's productions")
                    .isEmpty();
            assertThat(admin.get(path("postal-letter-productions/" + production + "/file"))
                            .status())
                    .as("the removed election's letters")
                    .isEqualTo(404);
            assertThat(admin.get(path("voter-imports")).expect(200).json())
                    .as("the removed election's imports")
                    .isEmpty();
        } finally {
            admin.delete("/admin/realms/" + REALM);
        }
    }

    private static String path(String rest) {
        return "/admin/realms/" + REALM + "/isoloir/" + rest;
    }

    private static JsonNode await(Supplier<JsonNode> status, Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        JsonNode last = status.get();
        while (!done.test(last)) {
            assertThat(System.nanoTime()).as("still running: %s", last).isLessThan(deadline);
            Thread.sleep(250); // polling the REST API: nothing to wait on
            last = status.get();
        }
        return last;
    }
}
