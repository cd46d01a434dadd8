package fr.isoloir.accesschange;

import fr.isoloir.accesschange.AccessChange.By;
import fr.isoloir.accesschange.AccessChange.What;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AccessTrailTest {

    @Nested
    class TheTextMessagesSummary {

        private final AccessChange phone =
                new AccessChange("id", What.PHONE, "+33 6 •• •• •• 78", "+33 6 •• •• •• 32", By.CONSOLE);
        private final AccessChange channel = new AccessChange("id", What.CHANNEL, "sms", "email", By.CONSOLE);

        @Test
        void namesTheNewContactsMasked() {
            assertThat(AccessTrail.smsSummary(List.of(phone, channel))).isEqualTo("+33 6 •• •• •• 32");
        }

        @Test
        void namesTheNewChannelWhenOnlyTheChannelChanged() {
            assertThat(AccessTrail.smsSummary(List.of(channel))).isEqualTo("email");
        }
    }
}
