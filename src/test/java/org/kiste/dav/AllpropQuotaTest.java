package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * An allprop PROPFIND (no body) on a collection includes the RFC 4331 quota properties, as SabreDAV sends them:
 * the npm {@code webdav} library's {@code getQuota()} reads them from exactly that request.
 */
class AllpropQuotaTest {
    private static final long QUOTA = 5000;
    private static final TestServer s = TestServer.get();
    private static Dav dav;

    @BeforeAll
    static void user() {
        String login = s.newUser("allprop");
        s.users().setQuota(login, QUOTA);
        dav = s.dav(login);
        assertThat(dav.mkcol("sub").statusCode()).isEqualTo(201);
        assertThat(dav.put("sub/a.txt", "12345").statusCode()).isEqualTo(201);
    }

    private static void assertQuota(MultiStatus.Response r) {
        assertThat(r.names200())
                .as(r.href())
                .contains(MultiStatus.clark("quota-used-bytes"), MultiStatus.clark("quota-available-bytes"));
        assertThat(Long.parseLong(r.text("quota-used-bytes"))).isEqualTo(5);
        assertThat(Long.parseLong(r.text("quota-available-bytes"))).isEqualTo(QUOTA - 5);
    }

    @Test
    void depthZeroOnTheRootAndOnAFolder() {
        assertQuota(MultiStatus.parse(dav.propfind("", "0", null)).self());
        assertQuota(MultiStatus.parse(dav.propfind("sub/", "0", null)).self());
    }

    @Test
    void depthOneListsThemForTheCollections() {
        MultiStatus ms = MultiStatus.parse(dav.propfind("", "1", null));
        assertQuota(ms.self());
        assertQuota(ms.at(dav.home() + "sub/"));
    }
}
