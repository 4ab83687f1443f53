package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/** MKCOL (RFC 4918 §9.3): 201, 405 when something exists, 409 without a parent, 415 with a body. */
class MkcolTest {
    private static final TestServer s = TestServer.get();
    private static Dav me;

    @BeforeAll
    static void user() {
        me = s.dav(s.newUser("mkcol"));
    }

    @Test
    void createsAnEmptyFolder() {
        Dav dav = me.in("create");
        HttpResponse<String> r = dav.mkcol("d");
        assertThat(r.statusCode()).isEqualTo(201);
        MultiStatus ms = MultiStatus.parse(dav.propfind("d", "1", null));
        assertThat(ms.responses).hasSize(1);
        assertThat(ms.self()
                        .prop(MultiStatus.clark("resourcetype"))
                        .orElseThrow()
                        .getElementsByTagNameNS("DAV:", "collection")
                        .getLength())
                .isEqualTo(1);
        assertThat(dav.mkcol("d/e/").statusCode()).as("trailing slash").isEqualTo(201);
    }

    @Test
    void existingIs405() {
        Dav dav = me.in("exists");
        dav.mkcol("d");
        dav.put("d/keep.txt", "k");
        dav.put("f.txt", "x");
        assertThat(dav.mkcol("d").statusCode()).isEqualTo(405);
        assertThat(dav.mkcol("f.txt").statusCode()).isEqualTo(405);
        assertThat(dav.get("d/keep.txt").body()).isEqualTo("k");
        assertThat(dav.get("f.txt").body()).isEqualTo("x");
        assertThat(dav.mkcol("").statusCode()).as("the root").isEqualTo(405);
    }

    @Test
    void missingParentIs409() {
        Dav dav = me.in("noparent");
        assertThat(dav.mkcol("a/b").statusCode()).isEqualTo(409);
        assertThat(dav.mkcol("a/b/c").statusCode()).isEqualTo(409);
        assertThat(dav.propfind("a", "0", null).statusCode()).isEqualTo(404);
        dav.put("file", "x");
        assertThat(dav.mkcol("file/sub").statusCode()).isEqualTo(409);
    }

    @Test
    void aBodyIs415() {
        Dav dav = me.in("body");
        HttpResponse<String> r = dav.send(
                "MKCOL",
                dav.url("d"),
                "<?xml version=\"1.0\"?><d:mkcol xmlns:d=\"DAV:\"/>",
                "Content-Type",
                "application/xml");
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(dav.propfind("d", "0", null).statusCode()).isEqualTo(404);
    }
}
