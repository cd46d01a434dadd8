package fr.isoloir.rest;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class QueryFlagTest {

    @Test
    void trueFalseAndABareSwitchAreReadAnythingElseIsNotTakenForFalse() {
        assertThat(QueryFlag.parse("true")).contains(true);
        assertThat(QueryFlag.parse(" TRUE ")).contains(true);
        assertThat(QueryFlag.parse("")).contains(true);
        assertThat(QueryFlag.parse("false")).contains(false);
        for (String guess : new String[] {"yes", "oui", "1", "0", "no", "vrai", "<script>", "true false", "\u0000"}) {
            assertThat(QueryFlag.parse(guess)).as(guess).isEqualTo(Optional.empty());
        }
    }
}
