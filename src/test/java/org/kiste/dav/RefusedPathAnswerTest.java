package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.RawHttp;
import org.kiste.testing.TestServer;

/**
 * A path the server refuses before any door sees it (a NUL byte, raw or encoded) is a 400 in plain UTF-8 text, even
 * for a client that asks for HTML: never an HTML page in ISO-8859-1, a stack trace or the server's name.
 */
class RefusedPathAnswerTest {
    private static final TestServer s = TestServer.get();

    @Test
    void aNulInThePathIsAPlainTextBadRequest() {
        Dav dav = s.dav(s.newUser("nul"));
        String root = "/remote.php/dav/files/" + dav.login;
        for (String target : new String[] {root + "/a%00b.txt", root + "/%2500%00"}) {
            for (String accept : new String[] {"Accept: */*", "Accept: text/html"}) {
                RawHttp.Answer a = RawHttp.send(s.baseUrl, "GET", target, dav.authorization(), null, accept);
                assertThat(a.status()).as(target + " " + accept).isEqualTo(400);
                assertThat(a.head().toLowerCase(java.util.Locale.ROOT))
                        .as(a.head())
                        .contains("content-type: text/plain;charset=utf-8")
                        .doesNotContain("server: jetty");
                assertThat(a.body()).doesNotContain("<html").doesNotContain("at org.");
            }
        }
    }
}
