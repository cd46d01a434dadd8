package fr.isoloir.benchmark;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HeapTest {

    @Test
    void readsUsedCommittedAndReservedOfTheG1Heap() {
        String output = """
                5783:
                 garbage-first heap   total reserved 6172672K, committed 393216K, used 10875K [0x0000000687400000, 0x0000000800000000)
                  region size 4096K, 3 young (12288K), 1 survivors (4096K)
                 Metaspace       used 1234K, committed 1500K, reserved 1114112K
                """;
        assertThat(Heap.parse(output)).contains(new Heap.Usage(10875L * 1024, 393216L * 1024, 6172672L * 1024));
    }

    @Test
    void sumsTheGenerationsOfOtherCollectorsWithoutMetaspace() {
        String output = """
                5844:
                 PSYoungGen      total 113152K, used 31314K [0x0000000782700000, 0x000000078a500000, 0x0000000800000000)
                  eden space 97280K, 32% used [0x0000000782700000,0x0000000784594848,0x0000000788600000)
                 ParOldGen       total 258048K, used 1166K [0x0000000687400000, 0x0000000697000000, 0x0000000782700000)
                  object space 258048K, 0% used [0x0000000687400000,0x0000000687523ab8,0x0000000697000000)
                 Metaspace       total 4096K, used 2048K
                """;
        assertThat(Heap.parse(output)).contains(new Heap.Usage((31314L + 1166) * 1024, (113152L + 258048) * 1024, 0));
    }

    @Test
    void anOutputWithoutAHeapGivesNothing() {
        assertThat(Heap.parse("12345:\ncom.sun.tools.attach.AttachNotSupportedException: Unable to open socket file"))
                .isEmpty();
    }

    @Test
    void theSamplerKeepsThePeakAndSaysWhenItSawNothing() throws Exception {
        try (Heap.Sampler sampler = new Heap.Sampler(ProcessHandle.current(), Duration.ofMillis(50))) {
            sampler.add(new Heap.Usage(100, 400, 1000));
            sampler.add(new Heap.Usage(300, 350, 1000));
            sampler.add(new Heap.Usage(200, 500, 1000));
            assertThat(sampler.peakUsed()).isPresent();
            assertThat(sampler.peakUsed().getAsLong()).isGreaterThanOrEqualTo(300);
            assertThat(sampler.peakCommitted()).isGreaterThanOrEqualTo(500);
        }
    }

    @Test
    void readsTheHeapOfARunningJvm() {
        assertThat(Heap.read(ProcessHandle.current())).hasValueSatisfying(usage -> {
            assertThat(usage.used()).isPositive();
            assertThat(usage.committed()).isGreaterThanOrEqualTo(usage.used());
        });
    }
}
