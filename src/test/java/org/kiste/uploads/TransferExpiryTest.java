package org.kiste.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.kiste.model.Principal;
import org.kiste.testing.TestServer;

/**
 * The housekeeping job removes transfers untouched for uploads.max-age, never one being assembled, and hands
 * their chunks' blobs to the garbage collector.
 */
class TransferExpiryTest {
    private static final TestServer s = TestServer.get();
    private static final Duration MAX_AGE = Duration.ofHours(24);

    private static Clock later(Duration d) {
        return Clock.offset(Clock.systemUTC(), d);
    }

    @Test
    void abandonedTransfersAreRemovedAfterTheMaxAge() throws Exception {
        String login = s.newUser("expiry");
        Principal p = s.users().find(login).orElseThrow().principal();
        ChunkedUploads uploads = s.backend.chunkedUploads();
        uploads.begin(p, "old", -1, null);
        uploads.putChunk(
                p, "old", "1", new ByteArrayInputStream(new byte[] {1, 2, 3}), 3, -1, null, ChunkCondition.NONE);
        uploads.begin(p, "busy", -1, null);
        s.backend.database().tx(c -> {
            try (var ps = c.prepareStatement("UPDATE upload_transfer SET assembling_until = NOW(3) + INTERVAL 1 HOUR"
                    + " WHERE user_id = ? AND name = 'busy'")) {
                ps.setLong(1, p.userId());
                return ps.executeUpdate();
            }
        });
        String chunkKey = uploads.chunk(p, "old", "1").blobKey();

        // a day later than now minus a little: nothing has reached the maximum age yet
        assertThat(new TransferExpiry(uploads, MAX_AGE, later(Duration.ofHours(23))).run())
                .isZero();
        assertThat(uploads.transfer(p, "old").bytes()).isEqualTo(3);

        // (other tests' transfers in this database are as old: they go too)
        assertThat(new TransferExpiry(uploads, MAX_AGE, later(Duration.ofHours(25))).run())
                .isPositive();
        assertThat(names(uploads, p)).containsExactly("busy");
        // the chunk's blob is the collector's now
        int state = s.backend.database().read(c -> {
            try (var ps = c.prepareStatement("SELECT state FROM blob_object WHERE storage_key = ?")) {
                ps.setString(1, chunkKey);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : -1;
                }
            }
        });
        assertThat(state).isIn(2, -1);

        // a fresh transfer survives a run at the real time
        uploads.begin(p, "fresh", -1, null);
        assertThat(new TransferExpiry(uploads, MAX_AGE, Clock.systemUTC()).run())
                .isZero();
        assertThat(names(uploads, p)).contains("fresh");
    }

    private static java.util.List<String> names(ChunkedUploads uploads, Principal p) {
        java.util.List<String> out = new java.util.ArrayList<>();
        uploads.transfers(p, t -> out.add(t.id()));
        return out;
    }
}
