package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/**
 * OPTIONS announces class 1, 2 and 3 with LOCK and UNLOCK allowed, and {@code MS-Author-Via: DAV}, on the server
 * root and every parent of a mount point, without a login, as 200 with an empty body (clients.md §0.1, §1, §2).
 */
class OptionsTest {
    private static final TestServer s = TestServer.get();

    @Test
    void everyParentOfTheTreeAnnouncesLockingWithoutALogin() {
        Dav anon = s.anonymous();
        for (String p :
                new String[] {"/", "/remote.php/", "/remote.php/dav/", "/remote.php/dav/files/", "/dav/", "/dav"}) {
            HttpResponse<String> r = anon.send("OPTIONS", anon.at(p), null);
            assertThat(r.statusCode()).as("OPTIONS " + p).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Length")).as(p).hasValue("0");
            assertThat(r.body()).isEmpty();
            assertThat(r.headers().firstValue("WWW-Authenticate")).as(p).isEmpty();
            assertThat(Arrays.stream(r.headers().firstValue("DAV").orElse("").split(","))
                            .map(String::trim))
                    .as("DAV on " + p)
                    .containsExactly("1", "2", "3");
            assertThat(r.headers().firstValue("MS-Author-Via")).as(p).hasValue("DAV");
            assertThat(Arrays.stream(r.headers().firstValue("Allow").orElse("").split(","))
                            .map(String::trim))
                    .as("Allow on " + p)
                    .contains(
                            "LOCK",
                            "UNLOCK",
                            "PROPFIND",
                            "PROPPATCH",
                            "MKCOL",
                            "COPY",
                            "MOVE",
                            "PUT",
                            "DELETE",
                            "OPTIONS");
        }
    }

    @Test
    void aFileInsideTheTreeAnnouncesTheSame() {
        String login = s.newUser("opt");
        Dav dav = s.dav(login);
        dav.put("f.txt", "x");
        HttpResponse<String> r = dav.send("OPTIONS", dav.url("f.txt"), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("DAV").orElse("")).startsWith("1, 2");
        assertThat(r.headers().firstValue("Allow").orElse("")).contains("LOCK", "UNLOCK");
    }
}
