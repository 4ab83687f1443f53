package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

class SmokeTest {
    @Test
    void putThenGetRoundTrips() {
        TestServer s = TestServer.get();
        Dav dav = s.dav(s.newUser("smoke"));
        assertThat(dav.put("a.txt", "hello").statusCode()).isEqualTo(201);
        assertThat(dav.get("a.txt").body()).isEqualTo("hello");
        assertThat(dav.put("a.txt", "hello again").statusCode()).isEqualTo(204);
    }
}
