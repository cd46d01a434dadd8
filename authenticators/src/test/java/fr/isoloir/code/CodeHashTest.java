package fr.isoloir.code;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodeHashTest {

    final SecureRandom random = new SecureRandom();

    @Nested
    class WhenVerifying {
        @Test
        void acceptsTheCode() {
            assertThat(CodeHash.of("012345", random).matches("012345")).isTrue();
        }

        @Test
        void refusesAnyOtherCode() {
            CodeHash hash = CodeHash.of("012345", random);
            assertThat(hash.matches("012346")).isFalse();
            assertThat(hash.matches("12345")).isFalse();
            assertThat(hash.matches("0123456")).isFalse();
            assertThat(hash.matches("")).isFalse();
            assertThat(hash.matches(null)).isFalse();
        }
    }

    @Nested
    class WhenStored {
        @Test
        void saltsEachCodeDifferently() {
            CodeHash first = CodeHash.of("012345", random);
            CodeHash second = CodeHash.of("012345", random);
            assertThat(first.encodedSalt()).isNotEqualTo(second.encodedSalt());
            assertThat(first.encodedHash()).isNotEqualTo(second.encodedHash());
        }

        @Test
        void neverContainsTheCode() {
            CodeHash hash = CodeHash.of("012345", random);
            assertThat(hash.encodedHash()).doesNotContain("012345");
            assertThat(hash.toString()).doesNotContain("012345").doesNotContain(hash.encodedHash());
        }

        @Test
        void decodesToAnEqualHashThatStillVerifies() {
            CodeHash hash = CodeHash.of("987654", random);
            CodeHash restored = CodeHash.decode(hash.encodedSalt(), hash.encodedHash());
            assertThat(restored).isEqualTo(hash).hasSameHashCodeAs(hash);
            assertThat(restored.matches("987654")).isTrue();
        }

        @Test
        void refusesToDecodeSomethingElse() {
            CodeHash hash = CodeHash.of("987654", random);
            assertThatThrownBy(() -> CodeHash.decode("short", hash.encodedHash()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> CodeHash.decode(hash.encodedSalt(), "!!"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
