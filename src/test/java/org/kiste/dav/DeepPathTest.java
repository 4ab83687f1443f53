package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/** A path deeper than one slice of the path walk (40 names) resolves, is written and read like a short one. */
class DeepPathTest {
    @Test
    void aFileFiftyFoldersDown() {
        TestServer s = TestServer.get();
        Dav dav = s.dav(s.newUser("deep"));
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            path.append("d").append(i).append('/');
            assertThat(dav.mkcol(path.toString()).statusCode()).isEqualTo(201);
        }
        String file = path + "f.txt";
        assertThat(dav.put(file, "deep").statusCode()).isEqualTo(201);
        assertThat(dav.get(file).body()).isEqualTo("deep");
        assertThat(dav.put(file, "deeper").statusCode()).isEqualTo(204);
        assertThat(dav.get(file).body()).isEqualTo("deeper");
        assertThat(dav.propfind(path.toString(), "1", null).statusCode()).isEqualTo(207);
        assertThat(dav.get(path + "missing.txt").statusCode()).isEqualTo(404);
        assertThat(dav.get("d0/d1/x/" + file).statusCode()).isEqualTo(404);
    }
}
