package org.kiste.nextcloud.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kiste.model.FilePath;
import org.kiste.files.Precondition;
import org.kiste.model.Principal;
import org.kiste.files.WriteResult;
import org.kiste.testing.TestServer;

/** More than 10,000 chunks, numbered like iOS (unpadded), arriving in random order, assemble in numeric order. */
class ManyChunksTest {
    private static final TestServer s = TestServer.get();

    @Test
    void tenThousandAndOneChunks() throws Exception {
        UploadClient up = new UploadClient(s.dav(s.newUser("many")));
        Principal p = up.principal(s);
        ChunkedUploads uploads = s.backend.chunkedUploads();
        uploads.begin(p, "many", -1, null);
        List<Integer> order = new ArrayList<>();
        for (int i = 1; i <= 10_001; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(2));
        // a few through the service, the rest written straight into the transfer's folder (each chunk PUT
        // fsyncs, which makes ten thousand of them slow on a real disk without testing anything more)
        Path dir = s.backend.config().blobDir().resolve("uploads").resolve(Long.toString(p.userId())).resolve("many");
        for (int k = 0; k < order.size(); k++) {
            int i = order.get(k);
            byte[] b = (i + ",").getBytes(StandardCharsets.UTF_8);
            if (k < 20) {
                uploads.putChunk(p, "many", Integer.toString(i), new ByteArrayInputStream(b), b.length, -1, null);
            } else {
                Files.write(dir.resolve(Integer.toString(i)), b);
            }
        }
        assertThat(uploads.chunks(p, "many")).hasSize(10_001);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 1; i <= 10_001; i++) {
            expected.write((i + ",").getBytes(StandardCharsets.UTF_8));
        }
        WriteResult r = uploads.assemble(p, "many", FilePath.parse("many.txt"), expected.size(), null, null,
                Precondition.NONE, null);
        assertThat(r.created()).isTrue();
        assertThat(up.dav.get("many.txt").body()).isEqualTo(expected.toString(StandardCharsets.UTF_8));
    }
}
