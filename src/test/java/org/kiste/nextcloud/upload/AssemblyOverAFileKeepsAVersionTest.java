package org.kiste.nextcloud.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;
import org.kiste.testing.VersionsDav;

/** A chunked upload assembled over an existing file replaces its content and keeps the old content as a version. */
class AssemblyOverAFileKeepsAVersionTest {
    @Test
    void theReplacedContentIsAVersion() {
        TestServer s = TestServer.get();
        UploadClient up = new UploadClient(s.dav(s.newUser("chv")));
        assertThat(up.dav.put("big.txt", "before the upload").statusCode()).isEqualTo(201);
        long fileId = Dav.nodeId(up.dav.head("big.txt"));
        String id = "transfer-" + System.nanoTime();
        assertThat(up.mkcol(id).statusCode()).isEqualTo(201);
        assertThat(up.put(id, "00001", "after ".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(201);
        assertThat(up.put(id, "00002", "the upload".getBytes(StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(201);
        assertThat(up.assemble(id, up.dav.url("big.txt")).statusCode()).isEqualTo(204);
        assertThat(up.dav.get("big.txt").body()).isEqualTo("after the upload");
        assertThat(Dav.nodeId(up.dav.head("big.txt"))).isEqualTo(fileId);
        assertThat(new VersionsDav(up.dav).contents(fileId)).containsExactly("before the upload");
    }
}
