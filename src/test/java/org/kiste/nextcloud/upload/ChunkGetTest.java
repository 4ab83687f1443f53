package org.kiste.nextcloud.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.kiste.testing.FileLikeGet;
import org.kiste.testing.TestServer;

/** A chunk parked in the uploads area is read like a file: HEAD, Range and the conditional headers. */
class ChunkGetTest {
    private final TestServer s = TestServer.get();

    @Test
    void aChunkIsServedLikeAFile() {
        UploadClient up = new UploadClient(s.dav(s.newUser("chunkget")));
        byte[] content = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        assertThat(up.mkcol("t").statusCode()).isEqualTo(201);
        assertThat(up.put("t", "1", content).statusCode()).isEqualTo(201);
        FileLikeGet.assertServedLikeAFile(up.dav, up.chunk("t", "1"), content);
    }
}
