package fr.isoloir.limits;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ClientNetworkTest {

    @Nested
    class AnIpv4Address {

        @Test
        void isItsOwnNetwork() {
            assertThat(ClientNetwork.of("203.0.113.7")).isEqualTo("203.0.113.7");
            assertThat(ClientNetwork.of("203.0.113.8")).isNotEqualTo(ClientNetwork.of("203.0.113.7"));
        }

        @Test
        void mappedIntoIpv6CountsAsTheSameAddress() {
            assertThat(ClientNetwork.of("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
        }
    }

    @Nested
    class AnIpv6Address {

        @Test
        void countsByItsSlash64() {
            assertThat(ClientNetwork.of("2001:db8:1:2::1"))
                    .isEqualTo(ClientNetwork.of("2001:db8:1:2:ffff:ffff:ffff:fffe"));
            assertThat(ClientNetwork.of("2001:db8:1:2::1"))
                    .isEqualTo(ClientNetwork.of("2001:0DB8:0001:0002:0:0:0:99%eth0"));
        }

        @Test
        void inAnotherSlash64IsAnotherNetwork() {
            assertThat(ClientNetwork.of("2001:db8:1:3::1")).isNotEqualTo(ClientNetwork.of("2001:db8:1:2::1"));
        }

        @Test
        void keyNamesThePrefix() {
            assertThat(ClientNetwork.of("2001:db8:1:2::1")).isEqualTo("20:01:0d:b8:00:01:00:02::/64");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "example.org",
                "localhost",
                "not an address",
                "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17",
                "999.1.1.1",
                "1.2.3"
            })
    void anythingElseIsTheUnknownNetworkAndIsNeverResolved(String address) {
        assertThat(ClientNetwork.of(address)).isEqualTo(ClientNetwork.UNKNOWN);
    }

    @Test
    void noAddressIsTheUnknownNetwork() {
        assertThat(ClientNetwork.of(null)).isEqualTo(ClientNetwork.UNKNOWN);
    }
}
