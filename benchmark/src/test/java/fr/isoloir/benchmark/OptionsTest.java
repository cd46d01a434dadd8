package fr.isoloir.benchmark;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

    @Test
    void defaultsApplyWhenNothingIsGiven() {
        Options options = Options.parse();
        assertThat(options.voters()).isEqualTo(300);
        assertThat(options.concurrency()).containsExactly(1, 2, 4, 8);
        assertThat(options.slice()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.parts()).containsExactlyInAnyOrder(Options.Part.values());
        assertThat(options.jfr()).isNull();
    }

    @Test
    void optionsAreReadWithASpaceOrAnEqualsSign() {
        Options options = Options.parse(
                "--voters",
                "20",
                "--concurrency=1,3",
                "--slice",
                "500ms",
                "--warmup=2m",
                "--parts",
                "login",
                "--provider-delay",
                "3",
                "--home",
                "/tmp/kc");
        assertThat(options.voters()).isEqualTo(20);
        assertThat(options.concurrency()).containsExactly(1, 3);
        assertThat(options.slice()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.warmup()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.providerDelay()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.parts()).containsExactly(Options.Part.LOGIN);
        assertThat(options.home()).isEqualTo(Path.of("/tmp/kc"));
    }

    @Test
    void badInputIsRefusedWithTheOptionNamed() {
        assertThatThrownBy(() -> Options.parse("--voters", "0")).hasMessageContaining("--voters");
        assertThatThrownBy(() -> Options.parse("--concurrency", "1,x")).hasMessageContaining("--concurrency");
        assertThatThrownBy(() -> Options.parse("--slice", "ten")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Options.parse("--colour", "red")).hasMessageContaining("--colour");
        assertThatThrownBy(() -> Options.parse("--parts", "imports")).hasMessageContaining("unknown part");
        assertThatThrownBy(() -> Options.parse("--voters")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Options.parse("stray")).hasMessageContaining("unexpected argument");
    }

    @Test
    void fewerVotersThanConcurrentLoginsIsRefused() {
        assertThatThrownBy(() -> Options.parse("--voters", "4", "--concurrency", "2,8"))
                .hasMessageContaining("distinct users");
    }

    @Test
    void concurrencyListKeepsItsOrder() {
        assertThat(Options.concurrency("8, 1 ,4")).isEqualTo(List.of(8, 1, 4));
    }

    @Test
    void bulkPartsHaveTheirSizesWithDefaultsOfTheIssue() {
        Options defaults = Options.parse();
        assertThat(defaults.bulkVoters()).isEqualTo(100_000);
        assertThat(defaults.adminUsers()).isEqualTo(2_000);
        assertThat(defaults.lookups()).isEqualTo(200);
        assertThat(defaults.sendingTime()).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.rounds()).isEqualTo(2);
        Options small = Options.parse(
                "--parts", "import,lookup,sending", "--bulk-voters", "5000", "--admin-users", "100", "--lookups", "40");
        assertThat(small.parts()).containsExactly(Options.Part.IMPORT, Options.Part.LOOKUP, Options.Part.SENDING);
        assertThat(small.parts()).allMatch(Options.Part::bulk);
        assertThat(small.bulkVoters()).isEqualTo(5000);
        assertThat(small.adminUsers()).isEqualTo(100);
        assertThat(small.lookups()).isEqualTo(40);
        assertThat(Options.Part.LOGIN.bulk()).isFalse();
    }

    @Test
    void bulkSizesOutsideWhatTheFileCanHoldAreRefused() {
        assertThatThrownBy(() -> Options.parse("--bulk-voters", "6000000")).hasMessageContaining("--bulk-voters");
        assertThatThrownBy(() -> Options.parse("--bulk-voters", "100", "--lookups", "51"))
                .hasMessageContaining("--lookups");
    }

    @Test
    void bothDatabasesAndOneThenTwoNodesByDefaultWithoutALimitSearch() {
        Options defaults = Options.parse();
        assertThat(defaults.databases()).containsExactly(Options.Database.H2, Options.Database.POSTGRES);
        assertThat(defaults.nodes()).containsExactly(1, 2);
        assertThat(defaults.findLimit()).isEmpty();
        assertThat(defaults.parts()).contains(Options.Part.LETTERS);
        assertThat(Options.Part.LETTERS.bulk()).isTrue();
    }

    @Test
    void theDatabaseAndNodeCountsAreChosenAndH2RunsOneNodeWhateverIsAsked() {
        Options postgres = Options.parse("--db", "postgres", "--nodes", "2");
        assertThat(postgres.databases()).containsExactly(Options.Database.POSTGRES);
        assertThat(postgres.nodesOn(Options.Database.POSTGRES)).containsExactly(2);
        Options h2 = Options.parse("--db=h2", "--nodes=2,1");
        assertThat(h2.databases()).containsExactly(Options.Database.H2);
        assertThat(h2.nodes()).containsExactly(1, 2);
        assertThat(h2.nodesOn(Options.Database.H2)).containsExactly(1);
        assertThat(Options.Database.POSTGRES.buildOption).isEqualTo("--db=postgres");
    }

    @Test
    void anUnknownDatabaseOrMoreThanTwoNodesIsRefused() {
        assertThatThrownBy(() -> Options.parse("--db", "mysql")).hasMessageContaining("--db");
        assertThatThrownBy(() -> Options.parse("--nodes", "1,3")).hasMessageContaining("--nodes");
        assertThatThrownBy(() -> Options.parse("--nodes", "0")).hasMessageContaining("--nodes");
    }

    @Test
    void limitSearchSizesAreSortedDistinctAndBoundedByTheFile() {
        assertThat(Options.parse("--find-limit", "400000,100000,200000,100000").findLimit())
                .containsExactly(100_000, 200_000, 400_000);
        assertThatThrownBy(() -> Options.parse("--find-limit", "6000000")).hasMessageContaining("--find-limit");
        assertThatThrownBy(() -> Options.parse("--find-limit", "many")).hasMessageContaining("--find-limit");
    }
}
