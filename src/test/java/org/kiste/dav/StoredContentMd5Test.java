package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.RowHeld;
import org.kiste.testing.TestServer;

/**
 * Content stored without an MD5 gets one from a later upload of the same bytes that brings it, and many such uploads
 * at once all succeed without a deadlock among them: each holds the stored row shared until its commit, so the MD5 is
 * recorded after the commit, not by upgrading that hold.
 */
class StoredContentMd5Test {
    private static final String OC = "{http://owncloud.org/ns}";
    private static final int UPLOADS = 8;

    private final TestServer s = TestServer.get();

    private static String hex(String algorithm, String content) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance(algorithm).digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    private long deadlocks() {
        return s.backend.database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(2) : -1L;
            }
        });
    }

    @Test
    void uploadsOfStoredContentRecordTheMd5TheyBringWithoutDeadlocking() throws Exception {
        Dav dav = s.dav(s.newUser("md5rec")).in("md5");
        for (int round = 0; round < 3; round++) {
            String content = "stored without an MD5 " + UUID.randomUUID();
            String sha1 = "SHA1:" + hex("SHA-1", content);
            String md5 = hex("MD5", content);
            String first = "first-" + round + ".txt";
            assertThat(dav.put(first, content).statusCode()).isEqualTo(201);
            assertThat(dav.props(first, "0", OC + "checksums").self().text(OC + "checksums"))
                    .isEqualTo(sha1);

            long before = deadlocks();
            List<CompletableFuture<HttpResponse<String>>> puts = new ArrayList<>();
            for (int i = 0; i < UPLOADS; i++) {
                String name = "copy-" + round + "-" + i + ".txt";
                puts.add(CompletableFuture.supplyAsync(() -> dav.put(name, content, "OC-Checksum", "MD5:" + md5)));
            }
            for (CompletableFuture<HttpResponse<String>> put : puts) {
                assertThat(put.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
            }
            assertThat(deadlocks()).as("deadlocks in round %d", round).isEqualTo(before);
            // the MD5 is recorded where no other upload held the row; an upload on its own always finds it free
            assertThat(dav.put("last-" + round + ".txt", content, "OC-Checksum", "MD5:" + md5)
                            .statusCode())
                    .isEqualTo(201);
            MultiStatus.Response stored =
                    dav.props(first, "0", OC + "checksums").self();
            assertThat(stored.text(OC + "checksums")).isEqualTo(sha1 + " MD5:" + md5);
        }
    }

    @Test
    void aCommittedUploadDoesNotWaitForOthersToRecordTheMd5() throws Exception {
        Dav dav = s.dav(s.newUser("md5wait")).in("md5");
        String content = "held while an MD5 arrives " + UUID.randomUUID();
        String md5 = hex("MD5", content);
        String sha1 = "SHA1:" + hex("SHA-1", content);
        assertThat(dav.put("first.txt", content).statusCode()).isEqualTo(201);
        byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));

        // another transaction holds the stored row shared, as an upload of the same content does until its commit
        try (RowHeld upload = new RowHeld(
                s.backend.database(),
                "SELECT id FROM blob_object WHERE sha256 = ? AND state = 1 LOCK IN SHARE MODE",
                sha256)) {
            CompletableFuture<HttpResponse<String>> put =
                    CompletableFuture.supplyAsync(() -> dav.put("second.txt", content, "OC-Checksum", "MD5:" + md5));
            assertThat(put.get(20, TimeUnit.SECONDS).statusCode())
                    .as("answered while the row is held")
                    .isEqualTo(201);
            assertThat(dav.props("first.txt", "0", OC + "checksums").self().text(OC + "checksums"))
                    .as("not recorded: the row was held")
                    .isEqualTo(sha1);
        }
        assertThat(dav.put("third.txt", content, "OC-Checksum", "MD5:" + md5).statusCode())
                .isEqualTo(201);
        assertThat(dav.props("first.txt", "0", OC + "checksums").self().text(OC + "checksums"))
                .isEqualTo(sha1 + " MD5:" + md5);
    }
}
