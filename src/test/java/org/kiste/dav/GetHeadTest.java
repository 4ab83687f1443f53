package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/** GET and HEAD on files: the same validators and lengths, HEAD without a body, 404 for what is missing. */
class GetHeadTest {
    private static Dav dav;

    @BeforeAll
    static void file() {
        TestServer s = TestServer.get();
        dav = s.dav(s.newUser("gethead")).in("g");
        dav.put("f.txt", "hello world");
    }

    @Test
    void headMirrorsGetWithoutTheBody() {
        HttpResponse<String> get = dav.get("f.txt");
        HttpResponse<String> head = dav.head("f.txt");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("hello world");
        assertThat(head.body()).isEmpty();
        for (String h :
                new String[] {"ETag", "Last-Modified", "Content-Type", "Content-Length", "Accept-Ranges", "OC-FileId"
                }) {
            assertThat(get.headers().firstValue(h)).as(h).isPresent();
            assertThat(head.headers().firstValue(h))
                    .as(h)
                    .isEqualTo(get.headers().firstValue(h));
        }
        assertThat(get.headers().firstValue("Content-Length")).hasValue("11");
    }

    @Test
    void missingFilesAre404() {
        assertThat(dav.get("nope.txt").statusCode()).isEqualTo(404);
        assertThat(dav.head("nope.txt").statusCode()).isEqualTo(404);
        assertThat(dav.get("f.txt/below").statusCode()).isEqualTo(404);
    }

    @Test
    void theCollectionsAboveTheTreesAnswerGet() {
        for (String p : new String[] {"/remote.php/dav/", "/remote.php/dav/files/"}) {
            assertThat(dav.send("GET", dav.at(p), null).statusCode()).as(p).isEqualTo(200);
        }
    }
}
