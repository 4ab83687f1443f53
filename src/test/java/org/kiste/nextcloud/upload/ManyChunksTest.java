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
import org.kiste.files.Precondition;
import org.kiste.files.WriteResult;
import org.kiste.model.FilePath;
import org.kiste.model.Principal;
import org.kiste.testing.TestServer;
import org.kiste.uploads.ChunkCondition;
import org.kiste.uploads.ChunkedUploads;

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
        // a few through the service, the rest written straight into the blob store and the chunk table (each
        // chunk PUT fsyncs, which makes ten thousand of them slow on a real disk without testing anything more)
        long transferId = s.backend.database().read(c -> {
            try (var ps = c.prepareStatement("SELECT id FROM upload_transfer WHERE user_id = ? AND name = 'many'")) {
                ps.setLong(1, p.userId());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        List<Object[]> direct = new ArrayList<>();
        for (int k = 0; k < order.size(); k++) {
            int i = order.get(k);
            byte[] b = (i + ",").getBytes(StandardCharsets.UTF_8);
            if (k < 20) {
                uploads.putChunk(
                        p,
                        "many",
                        Integer.toString(i),
                        new ByteArrayInputStream(b),
                        b.length,
                        -1,
                        null,
                        ChunkCondition.NONE);
            } else {
                String key = s.backend.blobs().newKey();
                Path file = s.backend.blobs().path(key);
                Files.createDirectories(file.getParent());
                Files.write(file, b);
                direct.add(new Object[] {Integer.toString(i), key, b.length});
            }
        }
        s.backend.database().tx(c -> {
            for (Object[] d : direct) {
                long blob;
                try (var ps = c.prepareStatement(
                        "INSERT INTO blob_object (storage_key, size, state) VALUES (?, ?, 3)",
                        java.sql.Statement.RETURN_GENERATED_KEYS)) {
                    ps.setString(1, (String) d[1]);
                    ps.setLong(2, (Integer) d[2]);
                    ps.executeUpdate();
                    try (var rs = ps.getGeneratedKeys()) {
                        rs.next();
                        blob = rs.getLong(1);
                    }
                }
                try (var ps =
                        c.prepareStatement("INSERT INTO upload_chunk (transfer_id, name, blob_id, size, etag, mtime)"
                                + " VALUES (?, ?, ?, ?, '0000000000000000', 0)")) {
                    ps.setLong(1, transferId);
                    ps.setString(2, (String) d[0]);
                    ps.setLong(3, blob);
                    ps.setLong(4, (Integer) d[2]);
                    ps.executeUpdate();
                }
            }
            return null;
        });
        assertThat(uploads.chunks(p, "many")).hasSize(10_001);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 1; i <= 10_001; i++) {
            expected.write((i + ",").getBytes(StandardCharsets.UTF_8));
        }
        WriteResult r = uploads.assemble(
                p, "many", FilePath.parse("many.txt"), expected.size(), null, null, Precondition.NONE, null);
        assertThat(r.created()).isTrue();
        assertThat(up.dav.get("many.txt").body()).isEqualTo(expected.toString(StandardCharsets.UTF_8));
    }
}
