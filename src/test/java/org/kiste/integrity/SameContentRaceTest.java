package org.kiste.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/**
 * Identical content is stored once. A new blob is inserted at once and a duplicate is found by the unique key on its
 * SHA-256; uploads of the same new content at the same moment must still all land, readable, and all name one live
 * blob.
 */
class SameContentRaceTest {
    private static final int ROUNDS = 5;
    private static final int UPLOADS = 8;
    private final TestServer ts = TestServer.get();

    @Test
    void uploadsOfTheSameNewContentAtOnceShareOneBlob() throws Exception {
        Dav d = ts.dav(ts.newUser("same")).in("same");
        ExecutorService pool = Executors.newFixedThreadPool(UPLOADS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String content = "same content " + UUID.randomUUID();
                List<Future<Integer>> puts = new ArrayList<>();
                for (int i = 0; i < UPLOADS; i++) {
                    String name = "r" + round + "-" + i + ".txt";
                    puts.add(pool.submit(() -> d.put(name, content).statusCode()));
                }
                for (Future<Integer> put : puts) {
                    assertThat(put.get(60, TimeUnit.SECONDS))
                            .as("round %d", round)
                            .isEqualTo(201);
                }
                for (int i = 0; i < UPLOADS; i++) {
                    assertThat(d.get("r" + round + "-" + i + ".txt").body()).isEqualTo(content);
                }
                byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(content.getBytes("UTF-8"));
                assertThat(liveBlobsWith(sha256))
                        .as("round %d: live blobs of the content", round)
                        .isEqualTo(1);
                assertThat(filesNaming(sha256))
                        .as("round %d: files naming the live blob", round)
                        .isEqualTo(UPLOADS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private long liveBlobsWith(byte[] sha256) {
        return count("SELECT COUNT(*) FROM blob_object WHERE sha256 = ? AND state = 1", sha256);
    }

    private long filesNaming(byte[] sha256) {
        return count("SELECT COUNT(*) FROM node n JOIN blob_object b ON b.id = n.blob_id WHERE b.sha256 = ?", sha256);
    }

    private long count(String sql, byte[] sha256) {
        return ts.backend.database().read(c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setBytes(1, sha256);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
