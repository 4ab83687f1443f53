package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.Backend;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.server.KisteServer;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestDatabase;

/**
 * A server whose Depth: infinity listings hold at most five entries: up to them the tree is listed, beyond them
 * the answer is 403 {@code propfind-finite-depth} before anything else is written; Depth 1 knows no such limit.
 */
class PropFindInfinityLimitTest {
    private static Backend backend;
    private static KisteServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        Path data = TestDatabase.tempDir("kiste-infinity-");
        Map<String, String> s = TestDatabase.isolatedSettings(data);
        s.put("port", "0");
        s.put("bind", "127.0.0.1");
        s.put("dav.propfind.infinity-max", "5");
        backend = Backend.open(KisteConfig.from(new Settings(s, Map.of())), false);
        server = new KisteServer(backend);
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.stop();
        backend.close();
    }

    private static Dav user(String login) {
        backend.users().add(login, "pw-" + login, false, null, null, -1);
        return new Dav(base, login, "pw-" + login);
    }

    @Test
    void upToTheLimitTheTreeIsListedBeyondItTheAnswerIsPropfindFiniteDepth() {
        Dav dav = user("limit1");
        dav.mkcol("T");
        dav.mkcol("T/sub");
        dav.mkcol("T/sub/deeper");
        dav.put("T/a.txt", "a");
        dav.put("T/sub/b.txt", "b");
        dav.put("T/sub/deeper/c.txt", "c");

        MultiStatus ms = MultiStatus.parse(dav.propfind("T", "infinity", null));
        assertThat(ms.httpStatus).isEqualTo(207);
        assertThat(ms.hrefs()).hasSize(6); // the folder and the five entries below it

        dav.put("T/sub/deeper/d.txt", "d");
        for (HttpResponse<String> r :
                new HttpResponse[] {dav.propfind("T", "infinity", null), dav.send("PROPFIND", dav.url("T"), null)}) {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/xml; charset=utf-8");
            assertThat(r.body()).contains("<d:propfind-finite-depth/>").doesNotContain("<d:response>");
        }
        // a subtree within the limit is still listed whole; one level at a time is always answered
        assertThat(MultiStatus.parse(dav.propfind("T/sub", "infinity", null)).hrefs())
                .hasSize(5);
        assertThat(MultiStatus.parse(dav.propfind("T", "1", null)).hrefs()).hasSize(3);
        assertThat(MultiStatus.parse(dav.propfind("T/sub/deeper", "1", null)).hrefs())
                .hasSize(3);
    }

    @Test
    void theLimitCountsEveryLevelAndWideFolders() {
        Dav dav = user("limit2");
        dav.mkcol("W");
        for (int i = 0; i < 6; i++) {
            dav.put("W/f" + i + ".txt", "x");
        }
        assertThat(dav.propfind("W", "infinity", null).statusCode()).isEqualTo(403);
        assertThat(dav.delete("W/f5.txt").statusCode()).isEqualTo(204);
        assertThat(MultiStatus.parse(dav.propfind("W", "infinity", null)).hrefs())
                .hasSize(6);
        // the user's root holds W and its five files: six entries below it
        assertThat(dav.propfind("", "infinity", null).statusCode()).isEqualTo(403);
    }
}
