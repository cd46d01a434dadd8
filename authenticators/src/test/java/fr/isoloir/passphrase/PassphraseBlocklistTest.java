package fr.isoloir.passphrase;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PassphraseBlocklistTest {

    @Nested
    class TheBundledList {
        @Test
        void isReadOnceAndShared() {
            assertThat(PassphraseBlocklist.bundled()).isSameAs(PassphraseBlocklist.bundled());
        }

        @Test
        void holdsAboutFiftyPhrasesWithoutTheComments() {
            PassphraseBlocklist list = PassphraseBlocklist.bundled();
            assertThat(list.size()).isBetween(45, 80);
            assertThat(list.contains("# The voter guide's example: every voter has seen it printed."))
                    .isFalse();
        }

        @Test
        void holdsTheVoterGuideExample() {
            assertThat(PassphraseBlocklist.bundled().contains("Vive les élections du cse"))
                    .isTrue();
        }

        @Test
        void holdsCommonPassphrases() {
            assertThat(PassphraseBlocklist.bundled().contains("Correct Horse Battery Staple"))
                    .isTrue();
            assertThat(PassphraseBlocklist.bundled().contains("Liberté, égalité, fraternité !"))
                    .isTrue();
            assertThat(PassphraseBlocklist.bundled().contains("AZERTYUIOPQSDFGHJKLMWXCVBN"))
                    .isTrue();
        }
    }

    @Nested
    class WhenComparing {
        final PassphraseBlocklist list = PassphraseBlocklist.of(List.of("Vive les élections du cse"));

        @Test
        void ignoresCaseAccentsSpacesAndPunctuation() {
            assertThat(list.contains("VIVE LES ELECTIONS DU CSE")).isTrue();
            assertThat(list.contains("  vive   les élections, du cse...")).isTrue();
            assertThat(list.contains("Vive les e\u0301lections du cse")).isTrue();
        }

        @Test
        void needsTheWholePhrase() {
            assertThat(list.contains("Vive les élections")).isFalse();
            assertThat(list.contains("Vive les élections du cse et du cssct")).isFalse();
            assertThat(list.contains(null)).isFalse();
        }

        @Test
        void canBeExtendedWithARealmsOwnPhrases() {
            PassphraseBlocklist more = list.plus(List.of("Élections Dupont et Fils 2026"));
            assertThat(more.contains("elections dupont et fils 2026")).isTrue();
            assertThat(more.contains("Vive les élections du cse")).isTrue();
            assertThat(list.contains("elections dupont et fils 2026"))
                    .as("immutable")
                    .isFalse();
        }
    }
}
