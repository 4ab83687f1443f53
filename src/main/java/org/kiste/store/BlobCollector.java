package org.kiste.store;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.kiste.blob.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reclaims blobs nothing refers to any more, after a grace period; and pending blobs of uploads that never
 * finished, after the upload expiry. Metadata goes first ({@code live → deleting}, conditional on there being
 * no reference, in the same statement), bytes second, the row last: a crash at any point leaves a row the next
 * run finishes, never a node pointing at missing bytes.
 */
public final class BlobCollector {
    private static final Logger log = LoggerFactory.getLogger(BlobCollector.class);
    private static final int BATCH = 500;

    private final Database db;
    private final BlobStore blobs;
    private final Duration grace;
    private final Duration pendingExpiry;

    public BlobCollector(Database db, BlobStore blobs, Duration grace, Duration pendingExpiry) {
        this.db = db;
        this.blobs = blobs;
        this.grace = grace;
        this.pendingExpiry = pendingExpiry;
    }

    private record Candidate(long id, String key) {
    }

    /** One bounded pass; returns the number of blobs reclaimed. */
    public int run() {
        List<Candidate> unreferenced = db.read(c -> {
            List<Candidate> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT b.id, b.storage_key FROM blob_object b"
                    + " WHERE (b.state = 1 AND b.created_at < NOW(3) - INTERVAL ? SECOND"
                    + "        AND NOT EXISTS (SELECT 1 FROM node n WHERE n.blob_id = b.id))"
                    + "    OR (b.state = 0 AND b.created_at < NOW(3) - INTERVAL ? SECOND)"
                    + "    OR b.state = 2 LIMIT " + BATCH)) {
                ps.setLong(1, grace.toSeconds());
                ps.setLong(2, pendingExpiry.toSeconds());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Candidate(rs.getLong(1), rs.getString(2)));
                    }
                }
            }
            return out;
        });
        int reclaimed = 0;
        for (Candidate cand : unreferenced) {
            // an upload that deduplicates onto this blob holds a share lock on its row until it commits, so this
            // conditional update either waits and then sees the new reference, or wins and the upload stores anew
            int marked = db.tx(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE blob_object b SET b.state = 2, b.sha256 = NULL"
                        + " WHERE b.id = ? AND (b.state = 2 OR b.state = 0"
                        + "   OR (b.state = 1 AND NOT EXISTS (SELECT 1 FROM node n WHERE n.blob_id = b.id)))")) {
                    ps.setLong(1, cand.id());
                    return ps.executeUpdate();
                }
            });
            if (marked == 0) {
                continue;
            }
            try {
                blobs.delete(cand.key());
            } catch (IOException | IllegalArgumentException e) {
                log.warn("cannot delete blob {}: {}", cand.key(), e.getMessage());
                continue;
            }
            db.tx(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM blob_object WHERE id = ? AND state = 2")) {
                    ps.setLong(1, cand.id());
                    return ps.executeUpdate();
                }
            });
            reclaimed++;
        }
        if (reclaimed > 0) {
            log.info("reclaimed {} unreferenced blobs", reclaimed);
        }
        return reclaimed;
    }
}
