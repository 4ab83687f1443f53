package org.kiste.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.kiste.blob.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only code that deletes blob bytes. It reclaims blobs nothing refers to any more (no file, no file version), after a grace period;
 * pending blobs of uploads that never finished, after the upload expiry; and blobs handed to it ({@code
 * deleting}: staged duplicates, uploads whose transaction rolled back). Metadata goes first ({@code live →
 * deleting}, conditional on there being no reference, in the same statement), bytes second, the row last: a
 * crash at any point leaves a row the next run finishes, never a node pointing at missing bytes. A sweep also
 * finds bytes that no row names at all (a crash or a database failure between storing them and recording them)
 * and removes them once they are older than the grace period, a part of the store per run. While a backup holds a
 * lease ({@link BackupLeases}) it deletes nothing at all.
 */
public final class BlobCollector {
    private static final Logger log = LoggerFactory.getLogger(BlobCollector.class);
    private static final int BATCH = 500;
    /** How old bytes no row names must be before the server's collector removes them. */
    public static final Duration UNRECORDED_GRACE = Duration.ofHours(1);

    private final Database db;
    private final BlobStore blobs;
    private final Duration grace;
    private final Duration unreferencedGrace;
    private final Duration pendingExpiry;

    public BlobCollector(Database db, BlobStore blobs, Duration grace, Duration pendingExpiry) {
        this(db, blobs, grace, grace, pendingExpiry);
    }

    /**
     * @param grace how old bytes no row names, and blobs handed over, must be before they go (an upload in flight
     *     may have written bytes it has not recorded yet)
     * @param unreferencedGrace how old a live blob must be before it goes once no node refers to it; short, since
     *     time is not what protects it: a live row becomes visible only in the transaction that points a node at
     *     it, and an upload that deduplicates onto it holds a share lock the collector's conditional update waits
     *     for (then it sees the new reference and keeps the blob); a reader opens a blob's file by its key, which
     *     names that blob's unchanging bytes for its whole life: the bytes go either before the reader opens them
     *     (it then looks the row up under a shared lock, {@link BlobRepository#holdLive}, and answers that the
     *     content is missing) or after, and an open file stays readable to its end (a long download or archive)
     *     after its name is removed
     * @param pendingExpiry how old a pending blob (an upload that never finished) must be before it goes
     */
    public BlobCollector(
            Database db, BlobStore blobs, Duration grace, Duration unreferencedGrace, Duration pendingExpiry) {
        this.db = db;
        this.blobs = blobs;
        this.grace = grace;
        this.unreferencedGrace = unreferencedGrace;
        this.pendingExpiry = pendingExpiry;
        this.leases = new BackupLeases(db);
    }

    /**
     * The server's collector: purged content is reclaimed within minutes of its last reference going (two minutes
     * after the blob was stored at the earliest), bytes no row names after an hour, unfinished uploads after a day.
     */
    public static BlobCollector forServer(Database db, BlobStore blobs) {
        return new BlobCollector(db, blobs, UNRECORDED_GRACE, Duration.ofMinutes(2), Duration.ofHours(24));
    }

    private record Candidate(long id, String key) {}

    private final BlobRepository rows = new BlobRepository();
    private final BackupLeases leases;
    /** The next part of the store the sweep looks at. */
    private int nextPart;

    /** One bounded pass; returns the number of blobs reclaimed. */
    public int run() {
        if (leases.anyHeld()) {
            log.debug("a backup holds a lease: no blob is reclaimed now");
            return 0;
        }
        List<Candidate> unreferenced = db.read(c -> {
            List<Candidate> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT b.id, b.storage_key FROM blob_object b"
                    // live, or lost (kiste fsck --repair): once no file and no version names it
                    + " WHERE (b.state IN (1, 4) AND b.created_at < NOW(3) - INTERVAL ? SECOND"
                    + "        AND NOT EXISTS (SELECT 1 FROM node n WHERE n.blob_id = b.id)"
                    + "        AND NOT EXISTS (SELECT 1 FROM file_version v WHERE v.blob_id = b.id))"
                    + "    OR (b.state = 0 AND b.created_at < NOW(3) - INTERVAL ? SECOND)"
                    // a chunk whose row a crash lost (a chunk's blob is otherwise handed over when its transfer goes)
                    + "    OR (b.state = 3 AND b.created_at < NOW(3) - INTERVAL ? SECOND"
                    + "        AND NOT EXISTS (SELECT 1 FROM upload_chunk u WHERE u.blob_id = b.id))"
                    // handed over (a staged duplicate, a failed upload) or marked by an interrupted run: after the
                    // grace too
                    + "    OR (b.state = 2 AND b.created_at < NOW(3) - INTERVAL ? SECOND) LIMIT " + BATCH)) {
                ps.setLong(1, unreferencedGrace.toSeconds());
                ps.setLong(2, pendingExpiry.toSeconds());
                ps.setLong(3, pendingExpiry.toSeconds());
                ps.setLong(4, grace.toSeconds());
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
            int marked = db.tx(c -> mark(c, cand.id()));
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

    /**
     * Marks a candidate as being deleted (state 2, no content address) if it is still unreferenced; returns 1 when
     * it did. The row is locked first: an upload that deduplicates onto the blob (or a COPY that names it) holds a
     * share lock on it until it commits, so this waits for that commit, and the references are read afterwards, each
     * by a statement of its own, which under READ COMMITTED sees what committed meanwhile. (One conditional UPDATE
     * with a subquery was not enough: its subquery could read a snapshot taken before the wait and miss the new
     * reference.) Whoever comes after the mark finds no live blob of that content and stores anew.
     */
    private static int mark(Connection c, long id) throws SQLException {
        int state;
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM blob_object WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                state = rs.getInt(1);
            }
        }
        if (BackupLeases.heldFor(c)) {
            return 0;
        }
        // a file's content becoming a version (or a version restored) moves the reference between the two tables in
        // one transaction: the node is read first, so that a move committed between the two reads is seen by the
        // second (a restore also holds the blob row shared, which this waits for)
        String[] referencedBy = switch (state) {
            case 1, 4 ->
                new String[] {
                    "SELECT 1 FROM node WHERE blob_id = ? LIMIT 1",
                    "SELECT 1 FROM file_version WHERE blob_id = ? LIMIT 1"
                };
            case 3 -> new String[] {"SELECT 1 FROM upload_chunk WHERE blob_id = ? LIMIT 1"};
            case 0, 2 -> new String[0];
            default -> null;
        };
        if (referencedBy == null) {
            return 0; // a state this collector does not know: never touched
        }
        for (String sql : referencedBy) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return 0;
                    }
                }
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE blob_object SET state = 2, sha256 = NULL WHERE id = ?")) {
            ps.setLong(1, id);
            return ps.executeUpdate();
        }
    }

    /**
     * Looks at {@code parts} parts of the store (of {@link BlobStore#parts()}, the next ones in turn) for bytes
     * older than the grace period that no row names, and deletes them; returns how many went.
     */
    public int sweep(int parts) {
        if (leases.anyHeld()) {
            return 0;
        }
        int removed = 0;
        java.time.Instant cutoff = java.time.Instant.now().minus(grace);
        for (int i = -1; i < Math.min(parts, blobs.parts()); i++) {
            List<String> keys = new ArrayList<>();
            int part = nextPart;
            try {
                if (i < 0) {
                    blobs.unfinished(cutoff, keys::add); // uploads that never became blobs, every time
                } else {
                    nextPart = (nextPart + 1) % blobs.parts();
                    blobs.keysIn(part, cutoff, keys::add);
                }
            } catch (IOException e) {
                log.warn("cannot list the blob store: {}", e.getMessage());
                continue;
            }
            for (int from = 0; from < keys.size(); from += BATCH) {
                List<String> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
                java.util.Set<String> known = db.read(c -> rows.known(c, batch));
                for (String key : batch) {
                    if (known.contains(key)) {
                        continue;
                    }
                    try {
                        blobs.delete(key);
                        removed++;
                    } catch (IOException e) {
                        log.warn("cannot delete unrecorded blob {}: {}", key, e.getMessage());
                    }
                }
            }
        }
        if (removed > 0) {
            log.info("removed {} stored blobs that no row names", removed);
        }
        return removed;
    }
}
