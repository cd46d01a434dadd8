package fr.isoloir.deployment;

import fr.isoloir.testsupport.AttackDetection;
import fr.isoloir.testsupport.Bursts;
import fr.isoloir.testsupport.Codes;
import fr.isoloir.testsupport.IsoloirCluster;
import fr.isoloir.testsupport.IsoloirCluster.Node;
import fr.isoloir.testsupport.Mailbox;
import fr.isoloir.testsupport.Messages;
import fr.isoloir.testsupport.StoredEvents;
import fr.isoloir.testsupport.VoterJourney;
import fr.isoloir.testsupport.Voters.Voter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static fr.isoloir.testsupport.VoterJourney.CODE_FORM;
import static fr.isoloir.testsupport.VoterJourney.PASSPHRASE_FORM;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Keycloak nodes in production mode, one PostgreSQL, one cluster (see {@link IsoloirCluster}): a
 * voter whose requests move from one node to the other, or whose node stops, logs in all the same, and
 * every limit counts across the nodes. This proves that the extension keeps its state where Keycloak
 * replicates it (authentication-session notes, singleUseObjects, the database), never in one node's memory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    static final String PASSPHRASE = "Deux serveurs valent mieux qu'un seul";
    private static final Pattern IDENTIFIER = Pattern.compile("\\b([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})\\b");

    private IsoloirCluster cluster;

    @BeforeAll
    void startTheCluster() throws Exception {
        long start = System.nanoTime();
        cluster = IsoloirCluster.start(
                Path.of(System.getProperty("isoloir.provider.jar")).getParent().resolve("cluster"));
        System.out.printf("Cluster of two nodes ready in %d s%n", (System.nanoTime() - start) / 1_000_000_000L);
    }

    @AfterAll
    void stopTheCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void formsOneClusterOfTwoNodesFoundThroughTheDatabase() {
        for (Node node : List.of(cluster.nodeA(), cluster.nodeB())) {
            System.out.println("node " + node.name() + ": " + IsoloirCluster.lastClusterView(node));
            assertThat(IsoloirCluster.members(node))
                    .as("members in node %s's cluster view", node.name())
                    .isEqualTo(2);
            assertThat(node.output())
                    .as("node %s in production mode", node.name())
                    .doesNotContain("development mode");
        }
        // jdbc-ping, the default discovery of Keycloak 26: each node's address is a row of the database.
        assertThat(cluster.postgres().query("SELECT count(*) FROM jgroups_ping"))
                .isEqualTo("2");
    }

    @Test
    @Order(2)
    void aVoterWhoStartsOnNodeAFinishesOnNodeB() {
        Voter voter = cluster.voters().byEmail();
        cluster.routeTo(cluster.nodeA());
        VoterJourney journey =
                new VoterJourney(cluster.votingSite()).openVotingSite().typeIdentifier(voter.typed());
        assertThat(journey.isOn(CODE_FORM)).as(journey.page().text()).isTrue();
        String code = cluster.mailbox().awaitCode(voter.email(), 1);

        cluster.routeTo(cluster.nodeB());
        journey.typeCode(code);
        assertThat(journey.isOn(PASSPHRASE_FORM)).as(journey.page().text()).isTrue();
        journey.choosePassphrase(PASSPHRASE);
        assertThat(journey.isInPersonalSpace()).as(journey.page().text()).isTrue();
        assertThat(journey.claim("iss")).isEqualTo(cluster.publicUri() + "/realms/" + IsoloirCluster.REALM);
        assertThat(journey.claim("aud")).contains("voting-site");
        assertThat(journey.claim("sub")).isEqualTo(voter.userId());
        assertThat(journey.claimNames())
                .as("the login identifier never leaves Keycloak")
                .doesNotContain("preferred_username");

        // The next login: identifier on B, code and passphrase on A.
        VoterJourney again =
                new VoterJourney(cluster.votingSite()).openVotingSite().typeIdentifier(voter.typed());
        cluster.routeTo(cluster.nodeA());
        again.typeCode(cluster.mailbox().awaitCode(voter.email(), 2)).givePassphrase(PASSPHRASE);
        assertThat(again.isInPersonalSpace()).as(again.page().text()).isTrue();
        assertThat(again.claim("sub")).isEqualTo(voter.userId());
    }

    @Test
    @Order(3)
    void theSendBudgetCountsTheCodesSentByBothNodes() {
        Voter voter = cluster.voters().byEmail();
        for (int login = 1; login <= 3; login++) {
            cluster.routeTo(login % 2 == 1 ? cluster.nodeA() : cluster.nodeB());
            VoterJourney journey =
                    new VoterJourney(cluster.votingSite()).openVotingSite().typeIdentifier(voter.typed());
            assertThat(journey.page().message()).as("login %d", login).isNull();
            cluster.mailbox().awaitMessage(voter.email(), login);
        }
        cluster.routeTo(cluster.nodeB());
        VoterJourney fourth =
                new VoterJourney(cluster.votingSite()).openVotingSite().typeIdentifier(voter.typed());
        String refusal = Messages.fr("isoloirCodeSendBudgetExhausted", 15);
        assertThat(fourth.page().message()).isEqualTo(refusal);
        cluster.routeTo(cluster.nodeA());
        fourth.askForANewCode();
        assertThat(fourth.page().message()).isEqualTo(refusal);
        quietly();
        assertThat(cluster.mailbox().messagesTo(voter.email())).hasSize(3);
    }

    @Test
    @Order(4)
    void theWrongCodeLimitCountsTheEntriesOnBothNodes() {
        Voter voter = cluster.voters().byEmail();
        cluster.routeTo(cluster.nodeA());
        VoterJourney journey =
                new VoterJourney(cluster.votingSite()).openVotingSite().typeIdentifier(voter.typed());
        String code = cluster.mailbox().awaitCode(voter.email(), 1);
        for (int entry = 1; entry <= 5; entry++) {
            cluster.routeTo(entry % 2 == 1 ? cluster.nodeB() : cluster.nodeA());
            journey.typeCode(Codes.wrong(code));
            AttackDetection.of(cluster.admin(), IsoloirCluster.REALM).awaitFailures(voter, entry);
            assertThat(journey.page().fieldError("code"))
                    .as("entry %d", entry)
                    .isEqualTo(Messages.fr(entry < 5 ? "isoloirCodeInvalid" : "isoloirCodeTooManyAttempts"));
        }
        cluster.routeTo(cluster.nodeA());
        journey.typeCode(code);
        assertThat(journey.isOn(CODE_FORM)).as(journey.page().text()).isTrue();
        assertThat(journey.page().fieldError("code")).isEqualTo(Messages.fr("isoloirCodeTooManyAttempts"));
        // Both nodes really answered: each logged some of this voter's wrong entries.
        for (Node node : List.of(cluster.nodeA(), cluster.nodeB())) {
            assertThat(node.output())
                    .as("node %s's log", node.name())
                    .containsPattern(
                            "LOGIN_ERROR.*userId=\"" + voter.userId() + "\".*error=\"invalid_user_credentials\"");
        }
    }

    @Test
    @Order(5)
    void fiftyWrongCodesAtOnceHalfOnEachNodeCompareAtMostFive() {
        Voter voter = cluster.voters().byEmail();
        cluster.routeTo(cluster.nodeA());
        VoterJourney journey =
                new VoterJourney(cluster.votingSite()).openVotingSite().typeIdentifier(voter.typed());
        String code = cluster.mailbox().awaitCode(voter.email(), 1);
        // Each node holds its own copy of the login: Keycloak's one-time session code lets a post through on each.
        List<URI> nodes = List.of(cluster.nodeA(), cluster.nodeB()).stream()
                .map(node ->
                        URI.create("http://127.0.0.1:" + node.server().baseUri().getPort()))
                .toList();

        int rounds = Bursts.until(
                journey,
                CODE_FORM,
                () -> Map.of("code", Codes.wrong(code)),
                page -> Messages.fr("isoloirCodeTooManyAttempts").equals(page.fieldError("code")),
                nodes);

        long compared = StoredEvents.of(cluster.admin(), IsoloirCluster.REALM).ofUser(voter.userId()).stream()
                .filter(e -> "wrong_code".equals(e.detail("reason")))
                .count();
        System.out.printf(
                "SEC-B5 across nodes: %d rounds of %d concurrent wrong codes, half on each node, %d compared%n",
                rounds, Bursts.SIZE, compared);
        assertThat(compared).isBetween(1L, 5L);
        journey.refresh().typeCode(code);
        assertThat(journey.isOn(PASSPHRASE_FORM))
                .as("the dead code must not let anyone in")
                .isFalse();
        assertThat(journey.page().fieldError("code")).isEqualTo(Messages.fr("isoloirCodeTooManyAttempts"));
    }

    @Test
    @Order(6)
    void theLostIdentifierLimitPerContactCountsTheRequestsOnBothNodes() {
        Voter voter = cluster.voters().byEmail();
        List<String> identifiers = new ArrayList<>();
        for (int request = 1; request <= 4; request++) {
            // The captcha is shown by one node and answered on the other.
            cluster.routeTo(request % 2 == 1 ? cluster.nodeA() : cluster.nodeB());
            VoterJourney journey =
                    new VoterJourney(cluster.votingSite()).openVotingSite().followLostIdentifierLink();
            cluster.routeTo(request % 2 == 1 ? cluster.nodeB() : cluster.nodeA());
            journey.askForNewIdentifier(voter.email());
            assertThat(journey.isOnLostConfirmation())
                    .as("request %d: %s", request, journey.page().text())
                    .isTrue();
            if (request <= 3) {
                identifiers.add(
                        identifierIn(Mailbox.plainText(cluster.mailbox().awaitMessage(voter.email(), request))));
            }
        }
        quietly();
        assertThat(cluster.mailbox().messagesTo(voter.email()))
                .as("the fourth request within the hour sends nothing")
                .hasSize(3);
        assertThat(identifiers)
                .as("the voter's one pending identifier, whichever node sent it")
                .containsOnly(identifiers.get(0));
        var events = cluster.admin()
                .get("/admin/realms/" + IsoloirCluster.REALM + "/events?type=RESET_PASSWORD_ERROR&max=200")
                .expect(200)
                .json();
        List<String> reasons = new ArrayList<>();
        events.forEach(e -> reasons.add(e.path("details").path("reason").asText()));
        assertThat(reasons).contains("contact_hourly_limit");
    }

    /** Node A stops (SIGTERM, as in a rolling restart). */
    @Test
    @Order(7)
    void aVoterWhoseNodeStopsMidLoginFinishesOnTheOtherNode() throws InterruptedException {
        Voter voter = cluster.voters().byEmail();
        cluster.routeTo(cluster.nodeA());
        VoterJourney journey =
                new VoterJourney(cluster.votingSite()).openVotingSite().typeIdentifier(voter.typed());
        assertThat(journey.isOn(CODE_FORM)).as(journey.page().text()).isTrue();
        String code = cluster.mailbox().awaitCode(voter.email(), 1);

        cluster.nodeA().server().close();
        assertThat(cluster.nodeA().server().isAlive()).isFalse();
        cluster.routeTo(cluster.nodeB());

        journey.typeCode(code).choosePassphrase(PASSPHRASE);
        assertThat(journey.isInPersonalSpace()).as(journey.page().text()).isTrue();
        assertThat(journey.claim("sub")).isEqualTo(voter.userId());
        System.out.println("node b after node a stopped: " + IsoloirCluster.lastClusterView(cluster.nodeB()));
    }

    /** Last: node A comes back, then node B crashes (SIGKILL: no shutdown, nothing handed over). */
    @Test
    @Order(8)
    void aVoterWhoseNodeCrashesMidLoginFinishesOnTheOtherNode() throws Exception {
        IsoloirCluster.Node nodeA = cluster.restart(cluster.nodeA());
        System.out.println("node a back: " + IsoloirCluster.lastClusterView(nodeA));
        Voter voter = cluster.voters().byEmail();
        cluster.routeTo(cluster.nodeB());
        VoterJourney journey =
                new VoterJourney(cluster.votingSite()).openVotingSite().typeIdentifier(voter.typed());
        assertThat(journey.isOn(CODE_FORM)).as(journey.page().text()).isTrue();
        String code = cluster.mailbox().awaitCode(voter.email(), 1);

        cluster.nodeB().server().kill();
        assertThat(cluster.nodeB().server().isAlive()).isFalse();
        cluster.routeTo(nodeA);

        journey.typeCode(code).choosePassphrase(PASSPHRASE);
        assertThat(journey.isInPersonalSpace()).as(journey.page().text()).isTrue();
        assertThat(journey.claim("sub")).isEqualTo(voter.userId());
        System.out.println("node a after node b was killed: " + IsoloirCluster.lastClusterView(nodeA));
    }

    private static String identifierIn(String text) {
        Matcher matcher = IDENTIFIER.matcher(text);
        assertThat(matcher.find()).as("an identifier in: %s", text).isTrue();
        return matcher.group(1);
    }

    /** Long enough for a message that should not be sent to have arrived if it had been. */
    private static void quietly() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
