package org.kiste.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.kiste.blob.StagedBlob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Blob rows: pending while an upload is in flight, live once a node refers to them. */
public final class BlobRepository {
    private static final Logger log = LoggerFactory.getLogger(BlobRepository.class);

    /** The blob a node should reference, and whether the staged copy turned out to be a duplicate. */
    public record Published(long id, boolean duplicate) {}

    /** SHA-256 digests of content stored or met lately: a hint which of two orders of {@link #publish} is cheaper. */
    private final Cache<ByteBuffer, Boolean> recent =
            Caffeine.newBuilder().maximumSize(4096).build();

    /** Records an upload in flight before its bytes are written, so a crash leaves a findable orphan. */
    public long insertPending(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO blob_object (storage_key, size, state) VALUES (?, 0, 0)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, key);
            ps.executeUpdate();
            return NodeRepository.generatedId(ps);
        }
    }

    /**
     * Whether this content was stored or met lately, so that looking it up first is likely cheaper than inserting it;
     * the content counts as met from now on. Only the order of the statements depends on it.
     */
    public boolean likelyStored(StagedBlob staged) {
        ByteBuffer hint = ByteBuffer.wrap(staged.sha256());
        boolean met = recent.getIfPresent(hint) != null;
        recent.put(hint, Boolean.TRUE);
        return met;
    }

    /**
     * Makes a staged blob live, or finds the live blob with the same SHA-256 (identical content is stored once).
     * Runs inside the transaction that points a node at the result.
     */
    public Published publish(Connection c, StagedBlob staged, Long pendingId) throws SQLException {
        // new content is inserted at once (one statement); a duplicate SHA-256 is refused by the unique key, whose
        // check holds the existing row shared, and the live row is then looked up. Content this process stored or
        // met a short while ago is looked up first: it is likely stored still (the lookup decides, not the hint).
        ByteBuffer hint = ByteBuffer.wrap(staged.sha256());
        boolean lookFirst = pendingId != null || recent.getIfPresent(hint) != null;
        recent.put(hint, Boolean.TRUE);
        for (int attempt = 0; attempt < 3; attempt++) {
            if (lookFirst) {
                Long live = live(c, staged.sha256());
                if (live != null) {
                    return reference(c, staged, pendingId, live);
                }
            }
            lookFirst = true;
            try {
                if (pendingId != null) {
                    try (PreparedStatement ps =
                            c.prepareStatement("UPDATE blob_object SET storage_key = ?, size = ?, sha256 = ?,"
                                    + " sha1 = ?, md5 = ?, state = 1 WHERE id = ? AND state = 0")) {
                        ps.setString(1, staged.key());
                        ps.setLong(2, staged.size());
                        ps.setBytes(3, staged.sha256());
                        ps.setBytes(4, staged.sha1());
                        ps.setBytes(5, staged.md5());
                        ps.setLong(6, pendingId);
                        if (ps.executeUpdate() != 1) {
                            // the upload outlived the pending expiry and the collector reclaimed its row and bytes
                            throw new SQLException("upload " + staged.key() + " took longer than pending uploads are"
                                    + " kept; its bytes were reclaimed");
                        }
                        return new Published(pendingId, false);
                    }
                }
                return new Published(insertLive(c, staged), false);
            } catch (SQLException e) {
                if (e.getErrorCode() != 1062) {
                    throw e;
                }
                // the same content is stored already, or a concurrent upload of it committed first: reference it
            }
        }
        throw new SQLException("could not publish blob " + staged.key());
    }

    /**
     * Makes a staged blob a duplicate of the live blob {@code live}, which this transaction found and holds shared
     * (as {@link #publish} does when it finds it): the staged copy goes to the garbage collector once this commits.
     */
    public Published reference(Connection c, StagedBlob staged, Long pendingId, long live) throws SQLException {
        if (!staged.inline()) {
            discard(c, staged.key(), staged.size(), pendingId); // an inline copy left nothing behind
        }
        return new Published(live, true);
    }

    /**
     * Inserts a live blob row; a small file's bytes go into {@code blob_content} in the same round trip, durable with
     * this transaction. Refused with 1062 when the content is stored already.
     */
    private static long insertLive(Connection c, StagedBlob staged) throws SQLException {
        if (!staged.inline()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO blob_object (storage_key, size, sha256, sha1, md5, state) VALUES (?, ?, ?, ?, ?, 1)",
                    Statement.RETURN_GENERATED_KEYS)) {
                setBlob(ps, staged);
                ps.executeUpdate();
                return NodeRepository.generatedId(ps);
            }
        }
        // two statements in one round trip: text with the driver's quoting (see NewFileRows)
        try (PreparedStatement ps = c.prepareStatement(
                "/*client prepare*/INSERT INTO blob_object (storage_key, size, sha256, sha1, md5, state)"
                        + " VALUES (?, ?, ?, ?, ?, 1);\n" + INSERT_CONTENT,
                NewFileRows.GENERATED)) {
            setBlob(ps, staged);
            ps.setBytes(6, staged.content());
            long id = NewFileRows.generatedId(ps, ps.execute());
            NewFileRows.nextResult(ps);
            return id;
        }
    }

    /**
     * The statement that stores a small file's bytes for the blob inserted by the statement just before (its id in
     * {@code LAST_INSERT_ID()}, which this one leaves as it is), the bytes its parameter.
     */
    static final String INSERT_CONTENT = "INSERT INTO blob_content (blob_id, content) VALUES (LAST_INSERT_ID(), ?)";

    /** The first five parameters of a blob row: key, size and digests. */
    static void setBlob(PreparedStatement ps, StagedBlob staged) throws SQLException {
        ps.setString(1, staged.key());
        ps.setLong(2, staged.size());
        ps.setBytes(3, staged.sha256());
        ps.setBytes(4, staged.sha1());
        ps.setBytes(5, staged.md5());
    }

    /**
     * Records the MD5 of stored content that was hashed without one, when a later upload of the same bytes brought
     * it, so that {@code oc:checksums} lists it from now on (a row that has one already is left as it is, without
     * waiting for it either). In a statement of its own, after the upload committed:
     * an upload holds the live row shared from its lookup to its commit, and two of them that each went on to update
     * it would deadlock. It never waits for the row: while others hold it (uploads of the same content until their
     * commit, a COPY, a version's restore) it is refused at once (lock wait timeout 0), so the committed upload's
     * answer is not held up, and no upload queues behind a waiting update. A fact about the bytes, not part of the
     * upload: one that is refused, fails or is lost in a crash is left to the next upload of the content that brings
     * an MD5.
     */
    public void recordMd5(Database db, long id, byte[] md5) {
        try {
            db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("/*client prepare*/SET STATEMENT"
                        + " innodb_lock_wait_timeout = 0 FOR"
                        + " UPDATE blob_object SET md5 = ? WHERE id = ? AND md5 IS NULL AND state = 1")) {
                    ps.setBytes(1, md5);
                    ps.setLong(2, id);
                    return ps.executeUpdate();
                }
            });
        } catch (StoreException e) {
            log.debug("the MD5 of blob #{} was not recorded: {}", id, e.toString());
        }
    }

    /** The statement of {@link #live}, with the SHA-256 as its one parameter. */
    static final String LIVE = "SELECT id FROM blob_object WHERE sha256 = ? AND state = 1 LOCK IN SHARE MODE";

    /**
     * The live blob with this SHA-256, held shared: the garbage collector's conditional "live -> deleting" waits for
     * this transaction's commit.
     */
    private static Long live(Connection c, byte[] sha256) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LIVE)) {
            ps.setBytes(1, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /**
     * Hands a blob nothing will name to the garbage collector ({@code deleting}): a staged duplicate, in the
     * transaction that references the original instead, so it is reclaimed once that commits and never before.
     */
    public void discard(Connection c, String key, long size, Long pendingId) throws SQLException {
        if (pendingId != null) {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE blob_object SET state = 2 WHERE id = ? AND state = 0")) {
                ps.setLong(1, pendingId);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO blob_object (storage_key, size, state) VALUES (?, ?, 2)")) {
            ps.setString(1, key);
            ps.setLong(2, size);
            ps.executeUpdate();
        }
    }

    /**
     * Records the key of an upload whose transaction did not take effect, so that the collector finds its bytes:
     * {@code deleting} when the transaction surely rolled back, {@code pending} (reclaimed after the upload expiry)
     * when its commit failed without telling whether it took effect. A key some row names already stays as it is.
     */
    public void abandon(Connection c, String key, boolean surelyUnused) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT IGNORE INTO blob_object (storage_key, size, state) VALUES (?, 0, ?)")) {
            ps.setString(1, key);
            ps.setInt(2, surelyUnused ? 2 : 0);
            ps.executeUpdate();
        }
    }

    /** The bytes of a live blob kept in its row ({@link org.kiste.blob.InlineBlobs}); null when there is none. */
    public byte[] content(Connection c, long id, String key) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT bc.content FROM blob_object b JOIN blob_content bc ON bc.blob_id = b.id"
                        + " WHERE b.id = ? AND b.storage_key = ? AND b.state = 1")) {
            ps.setLong(1, id);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    /** The given keys that some row (in any state) names. */
    public java.util.Set<String> known(Connection c, java.util.Collection<String> keys) throws SQLException {
        java.util.Set<String> out = new java.util.HashSet<>();
        if (keys.isEmpty()) {
            return out;
        }
        String marks = String.join(",", java.util.Collections.nCopies(keys.size(), "?"));
        try (PreparedStatement ps =
                c.prepareStatement("SELECT storage_key FROM blob_object WHERE storage_key IN (" + marks + ")")) {
            int i = 1;
            for (String k : keys) {
                ps.setString(i++, k);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * Holds a blob's row shared until the transaction ends and tells whether it is live. The collector marks a blob
     * for deletion under an exclusive lock of its row, so while this is held it cannot, and once a reader has opened
     * the blob's file under it, the open file stays readable even after the collector removes its name. False: the
     * blob is being deleted or gone (nothing refers to it any more).
     */
    public boolean holdLive(Connection c, long id) throws SQLException {
        try (java.sql.PreparedStatement ps =
                c.prepareStatement("SELECT state FROM blob_object WHERE id = ? LOCK IN SHARE MODE")) {
            ps.setLong(1, id);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
        }
    }

    /**
     * Marks a live blob whose bytes are missing or damaged as lost ({@code kiste fsck --repair}): the files naming it
     * answer a clear error instead of a cut transfer, and without its content address an upload of the same content
     * stores it anew. Returns whether the row was still live under that key.
     */
    public boolean markLost(Connection c, long id, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE blob_object SET state = 4, sha256 = NULL WHERE id = ? AND storage_key = ? AND state = 1")) {
            ps.setLong(1, id);
            ps.setString(2, key);
            return ps.executeUpdate() == 1;
        }
    }
}
