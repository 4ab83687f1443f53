package org.kiste.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The address a throttle counts: a canonical IPv4 address as it came, everything else as Java parses it. */
class ClientAddressTest {

    @Test
    void aCanonicalIpv4AddressIsTakenAsItIsAndOnlySuch() throws Exception {
        for (String a : new String[] {"127.0.0.1", "0.0.0.0", "255.255.255.255", "10.20.30.40", "192.168.1.100"}) {
            assertThat(ClientAddress.canonicalIpv4(a)).as(a).isTrue();
            assertThat(ClientAddress.of(a))
                    .isEqualTo(a)
                    .isEqualTo(InetAddress.getByName(a).getHostAddress());
        }
        for (String a : new String[] {
            "",
            "1.2.3",
            "1.2.3.4.5",
            "01.2.3.4",
            "1.2.3.04",
            "256.1.1.1",
            "1..2.3",
            "1.2.3.",
            ".1.2.3",
            "1234.1.1.1",
            "1.2.3.4 ",
            "a.b.c.d",
            "::1",
            "::ffff:1.2.3.4"
        }) {
            assertThat(ClientAddress.canonicalIpv4(a)).as(a).isFalse();
        }
        assertThat(ClientAddress.of("1.2.3")).isEqualTo("1.2.0.3");
        assertThat(ClientAddress.of("::ffff:1.2.3.4")).isEqualTo("1.2.3.4");
        assertThat(ClientAddress.of("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2::/64");
    }
}
