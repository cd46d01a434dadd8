package fr.isoloir.benchmark;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BulkFileTest {

    @Test
    void theSameSizeAndSeedGiveTheSameBytesAndAnotherSeedOtherNames() {
        assertThat(BulkFile.csv(500, 7)).isEqualTo(BulkFile.csv(500, 7));
        assertThat(BulkFile.csv(500, 8)).isNotEqualTo(BulkFile.csv(500, 7));
    }

    @Test
    void eachVoterHasOneLineWithItsOwnEmployeeNumberEmailAndMobileByTheSmsChannel() {
        List<String> lines = new String(BulkFile.csv(1000, 3), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertThat(lines).hasSize(1001);
        assertThat(lines.get(0)).isEqualTo(BulkFile.HEADER);
        Set<String> numbers = new HashSet<>();
        Set<String> emails = new HashSet<>();
        Set<String> mobiles = new HashSet<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(";", -1);
            assertThat(fields).hasSize(7);
            numbers.add(fields[0]);
            emails.add(fields[3]);
            mobiles.add(fields[4]);
            assertThat(fields[6]).isEqualTo("sms");
        }
        assertThat(numbers).hasSize(1000);
        assertThat(emails).hasSize(1000).contains(BulkFile.email(0), BulkFile.email(999));
        assertThat(mobiles).hasSize(1000).contains(BulkFile.mobile(0), BulkFile.mobile(999));
    }

    @Test
    void mobilesAreMetropolitanNumbersDistinctPerRankAndUnknownOnesAreOutsideAnyFile() {
        assertThat(BulkFile.mobile(0)).isEqualTo("06 10 00 00 00");
        assertThat(BulkFile.mobile(1_234_567)).isEqualTo("06 11 23 45 67");
        assertThat(BulkFile.mobile(BulkFile.MAX_VOTERS - 1)).isEqualTo("06 14 99 99 99");
        assertThat(BulkFile.unknownMobile(0)).isEqualTo("06 15 00 00 00");
        assertThat(BulkFile.unknownEmail(3)).doesNotStartWith("bulk-");
        assertThatThrownBy(() -> BulkFile.mobile(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHundredThousandVotersFitUnderKeycloaksDefaultBodyLimit() {
        assertThat(BulkFile.csv(100_000, Bulk.SEED).length).isBetween(5_000_000, 10 * 1024 * 1024);
    }

    @Test
    void thePostalFileHasTheSameVotersByPostEachWithAnAddress() {
        List<String> sms =
                new String(BulkFile.csv(50, 3), StandardCharsets.UTF_8).lines().toList();
        List<String> postal = new String(BulkFile.csv(50, 3, true), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertThat(postal.get(0)).isEqualTo(BulkFile.POSTAL_HEADER);
        for (int i = 1; i < postal.size(); i++) {
            String[] fields = postal.get(i).split(";", -1);
            assertThat(fields).hasSize(10);
            assertThat(fields[6]).isEqualTo("postal");
            assertThat(fields[7]).isNotBlank();
            assertThat(String.join(";", java.util.Arrays.copyOf(fields, 6)))
                    .isEqualTo(sms.get(i).substring(0, sms.get(i).lastIndexOf(';')));
        }
    }
}
