package fr.isoloir.code;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodeStateTest {

    static final Instant NOW = Instant.parse("2026-03-12T08:30:15.700Z");
    // Seeded: the same code on every run, so "the notes never hold it" cannot pass or fail by chance.
    final SecureRandom random = ConnectionCodeTest.seeded(7);
    final ConnectionCode code = ConnectionCode.generate(random);
    final CodeState state = CodeState.issue(code, NOW, Duration.ofMinutes(10), random);

    @Nested
    class WhenIssued {
        @Test
        void acceptsTheCodeAsTyped() {
            String digits = code.digits();
            assertThat(state.matches(digits)).isTrue();
            assertThat(state.matches(digits.substring(0, 3) + " " + digits.substring(3)))
                    .isTrue();
            assertThat(state.matches("abc")).isFalse();
            assertThat(state.matches(null)).isFalse();
        }

        @Test
        void keepsTheSendingTimeInWholeSeconds() {
            assertThat(state.sentAt()).isEqualTo(Instant.parse("2026-03-12T08:30:15Z"));
        }

        @Test
        void getsARandomIdThatNamesItsTriesSoThatANewCodeGetsNewTries() {
            CodeState next = CodeState.issue(code, NOW, Duration.ofMinutes(10), random);
            assertThat(state.id()).matches("[0-9a-f]{32}");
            assertThat(next.id()).isNotEqualTo(state.id());
        }

        @Test
        void refusesAValidityAboveTenMinutes() {
            assertThatThrownBy(() -> CodeState.issue(code, NOW, Duration.ofMinutes(11), random))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> CodeState.issue(code, NOW, Duration.ZERO, random))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class WhenTimePasses {
        @Test
        void worksUntilTheExpiryExcluded() {
            assertThat(state.isExpired(NOW)).isFalse();
            assertThat(state.isExpired(state.expiresAt().minusSeconds(1))).isFalse();
            assertThat(state.isExpired(state.expiresAt())).isTrue();
            assertThat(state.isExpired(NOW.plus(Duration.ofHours(1)))).isTrue();
        }
    }

    @Nested
    class WhenKeptInNotes {
        @Test
        void roundTripsToAnEqualState() {
            assertThat(CodeState.fromNotes(state.toNotes())).contains(state);
        }

        @Test
        void readsNoteByNoteAsFromAnAuthenticationSession() {
            Map<String, String> notes = state.toNotes();
            assertThat(CodeState.fromNotes(notes::get)).contains(state);
            assertThat(notes.keySet()).containsExactlyInAnyOrderElementsOf(CodeState.NOTE_KEYS);
        }

        @Test
        void neverHoldTheCode() {
            assertThat(state.toNotes().values()).noneMatch(value -> value.contains(code.digits()));
        }

        @Test
        void giveNoStateWhenANoteIsMissingOrDamaged() {
            for (String key : CodeState.NOTE_KEYS) {
                Map<String, String> missing = new HashMap<>(state.toNotes());
                missing.remove(key);
                assertThat(CodeState.fromNotes(missing)).as("without %s", key).isEmpty();

                Map<String, String> damaged = new HashMap<>(state.toNotes());
                damaged.put(key, "not-a-value!");
                assertThat(CodeState.fromNotes(damaged)).as("damaged %s", key).isEmpty();
            }
            assertThat(CodeState.fromNotes(Map.of())).isEmpty();
        }
    }

    @Nested
    class WhenLogged {
        @Test
        void showsNeitherCodeNorHashNorSalt() {
            String text = state.toString();
            assertThat(text)
                    .doesNotContain(code.digits())
                    .doesNotContain(state.hash().encodedHash())
                    .doesNotContain(state.hash().encodedSalt())
                    .contains("id=" + state.id());
        }
    }
}
