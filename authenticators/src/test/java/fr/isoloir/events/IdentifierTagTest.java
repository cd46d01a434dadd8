package fr.isoloir.events;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class IdentifierTagTest {

    private static final Optional<SecretKey> KEY = Optional.of(new SecretKeySpec(new byte[64], "HmacSHA512"));
    private static final Optional<SecretKey> OTHER_KEY =
            Optional.of(new SecretKeySpec(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, "HmacSHA512"));
    private static final String IDENTIFIER = "k7mq4xpr2h9w";

    @Nested
    class UnderTheRealmsKey {

        @Test
        void isAHashSignAndTwelveHexDigitsThatDoNotHoldTheIdentifier() {
            String tag = IdentifierTag.of(KEY, IDENTIFIER);
            assertThat(tag).matches("#[0-9a-f]{12}").doesNotContainIgnoringCase("k7mq");
        }

        @Test
        void isTheSameForEveryCaseOfOneIdentifierAndDiffersForAnother() {
            assertThat(IdentifierTag.of(KEY, IDENTIFIER.toUpperCase())).isEqualTo(IdentifierTag.of(KEY, IDENTIFIER));
            assertThat(IdentifierTag.of(KEY, "k7mq4xpr2h9x")).isNotEqualTo(IdentifierTag.of(KEY, IDENTIFIER));
        }

        @Test
        void changesWithTheKey() {
            assertThat(IdentifierTag.of(OTHER_KEY, IDENTIFIER)).isNotEqualTo(IdentifierTag.of(KEY, IDENTIFIER));
        }

        @Test
        void isLeftAsItIsWhenMaskedTwice() {
            String tag = IdentifierTag.of(KEY, IDENTIFIER);
            assertThat(IdentifierTag.of(KEY, tag)).isEqualTo(tag);
        }
    }

    @Nested
    class WithoutAKey {

        @Test
        void isTheFirstTwoCharactersAndTheLength() {
            assertThat(IdentifierTag.of(Optional.empty(), IDENTIFIER)).isEqualTo("k7…12");
            assertThat(IdentifierTag.of(Optional.empty(), "k7…12")).isEqualTo("k7…12");
        }
    }

    @Test
    void leavesNullAlone() {
        assertThat(IdentifierTag.of(KEY, null)).isNull();
    }
}
