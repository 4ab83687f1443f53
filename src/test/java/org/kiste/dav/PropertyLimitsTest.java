package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * Dead properties are bounded per resource (16 KiB a value, 64 properties, 64 KiB in all by default) and count
 * against the space's quota: what does not fit is refused with 507 in the PROPPATCH multistatus, and nothing of
 * that PROPPATCH is stored.
 */
class PropertyLimitsTest {
    private final TestServer s = TestServer.get();

    private static String prop(String name, String value) {
        return "<x:" + name + " xmlns:x=\"urn:limits\">" + value + "</x:" + name + ">";
    }

    private static String status(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(207);
        return r.body();
    }

    @Test
    void hugeValuesAndManyPropertiesAreRefusedWith507() {
        Dav dav = s.dav(s.newUser("plim")).in("p");
        dav.put("f.txt", "x");
        // ten 900 KiB values, one per request (each under the XML body limit)
        String big = "a".repeat(900 * 1024);
        for (int i = 0; i < 10; i++) {
            assertThat(status(dav.proppatch("f.txt", PropPatchTest.set(prop("big" + i, big)))))
                    .contains("HTTP/1.1 507");
        }
        // 20,000 small properties in one PROPPATCH
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            many.append(prop("p" + i, "v"));
        }
        HttpResponse<String> r = dav.proppatch("f.txt", PropPatchTest.set(many.toString()));
        assertThat(status(r)).contains("HTTP/1.1 507");
        // and one by one they stop at the count limit
        int stored = 0;
        for (int i = 0; i < 70; i++) {
            String body = status(dav.proppatch("f.txt", PropPatchTest.set(prop("one" + i, "v"))));
            if (body.contains("HTTP/1.1 200")) {
                stored++;
            } else {
                assertThat(body).contains("HTTP/1.1 507");
            }
        }
        assertThat(stored).isEqualTo(64);
        MultiStatus ms = MultiStatus.parse(dav.send("PROPFIND", dav.url("f.txt"), null, "Depth", "0"));
        assertThat(ms.responses).hasSize(1);
        assertThat(ms.responses.get(0).toString()).doesNotContain("big0", "p19999");
        // a removal frees room again; ordinary Windows properties still fit
        assertThat(status(dav.proppatch(
                        "f.txt",
                        "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\"><d:remove><d:prop>"
                                + prop("one0", "") + "</d:prop></d:remove></d:propertyupdate>")))
                .contains("HTTP/1.1 200");
        assertThat(status(dav.proppatch(
                        "f.txt",
                        PropPatchTest.set("<z:Win32FileAttributes xmlns:z=\"urn:schemas-microsoft-com:\">00000020"
                                + "</z:Win32FileAttributes>"))))
                .contains("HTTP/1.1 200");
        // a value of 16 KiB is fine, one byte more is not
        Dav other = dav.in("q");
        other.put("g.txt", "x");
        assertThat(status(other.proppatch("g.txt", PropPatchTest.set(prop("v", "b".repeat(16 * 1024))))))
                .contains("HTTP/1.1 200");
        assertThat(status(other.proppatch("g.txt", PropPatchTest.set(prop("w", "b".repeat(16 * 1024 + 1))))))
                .contains("HTTP/1.1 507");
    }

    @Test
    void propertiesCountAgainstTheQuota() throws InterruptedException {
        String login = s.newUser("pquota");
        s.users().setQuota(login, 1000);
        Thread.sleep(1100); // quota changes reach the files core within a second
        Dav dav = s.dav(login);
        assertThat(dav.put("full.bin", "z".repeat(990)).statusCode()).isEqualTo(201);
        String body = status(dav.proppatch("full.bin", PropPatchTest.set(prop("note", "c".repeat(100)))));
        assertThat(body).contains("HTTP/1.1 507").doesNotContain("HTTP/1.1 200");
        // a property that adds no bytes (a removal) still works at quota
        assertThat(status(dav.proppatch(
                        "full.bin",
                        "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\"><d:remove><d:prop>"
                                + prop("note", "") + "</d:prop></d:remove></d:propertyupdate>")))
                .contains("HTTP/1.1 200");
    }
}
