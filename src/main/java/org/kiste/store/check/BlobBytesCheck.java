package org.kiste.store.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.kiste.blob.InlineBlobs;
import org.kiste.store.BlobRepository;

/**
 * Every blob row whose bytes must be there (live blobs and parked chunks) has them in the store, of its size, and
 * with {@link CheckContext#verifyContent()} of its SHA-256 (read as a stream). A finding is checked again, row and
 * bytes, before it is reported, so a blob the collector reclaimed meanwhile is no finding. {@code --repair} marks a
 * live blob whose bytes are missing or damaged lost (see {@link BlobRepository#markLost}). A small file kept in its
 * row ({@link InlineBlobs}) is checked there.
 */
final class BlobBytesCheck implements StoreCheck {
    private static final int PAGE = 500;

    private record BlobRow(long id, String key, long size, byte[] sha256, int state) {}

    private final BlobRepository repository = new BlobRepository();

    @Override
    public String name() {
        return "blob-bytes";
    }

    @Override
    public void run(CheckContext ctx) throws IOException {
        long after = 0;
        while (true) {
            List<BlobRow> page = page(ctx, after);
            for (BlobRow row : page) {
                if (problem(ctx, row).isPresent()) {
                    confirm(ctx, row);
                }
            }
            if (page.size() < PAGE) {
                return;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    private List<BlobRow> page(CheckContext ctx, long after) {
        return ctx.db().read(c -> {
            List<BlobRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, storage_key, size, sha256, state FROM"
                    + " blob_object WHERE id > ? AND state IN (1, 3) ORDER BY id LIMIT " + PAGE)) {
                ps.setLong(1, after);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new BlobRow(
                                rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getBytes(4), rs.getInt(5)));
                    }
                }
            }
            return out;
        });
    }

    /** Checks the row and its bytes again (the collector may have reclaimed both meanwhile), then reports. */
    private void confirm(CheckContext ctx, BlobRow seen) throws IOException {
        Optional<BlobRow> now = page(ctx, seen.id() - 1).stream()
                .filter(r -> r.id() == seen.id() && r.key().equals(seen.key()))
                .findFirst();
        if (now.isEmpty()) {
            return;
        }
        Optional<String> problem = problem(ctx, now.get());
        if (problem.isEmpty()) {
            return;
        }
        String what =
                (seen.state() == 3 ? "chunk blob " : "blob ") + seen.key() + " (#" + seen.id() + ") " + problem.get();
        ctx.found(name(), what);
        if (ctx.repair() && seen.state() == 1) {
            boolean marked = ctx.db().tx(c -> repository.markLost(c, seen.id(), seen.key()));
            if (marked) {
                ctx.repaired(name(), "marked blob " + seen.key() + " lost: its files answer an error when read");
            }
        }
    }

    private Optional<String> problem(CheckContext ctx, BlobRow row) throws IOException {
        if (InlineBlobs.isInline(row.key())) {
            return inlineProblem(ctx, row);
        }
        Path path;
        try {
            path = ctx.blobs().path(row.key());
        } catch (IllegalArgumentException e) {
            return Optional.of("has a key that is no blob key");
        }
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            return Optional.of("is missing from the store");
        }
        if (size != row.size()) {
            return Optional.of("holds " + size + " bytes, its row says " + row.size());
        }
        if (ctx.verifyContent() && row.sha256() != null) {
            byte[] actual;
            try {
                actual = sha256(path);
            } catch (NoSuchFileException e) {
                return Optional.of("is missing from the store");
            }
            if (!Arrays.equals(actual, row.sha256())) {
                return Optional.of("does not match its SHA-256 (its bytes are damaged)");
            }
        }
        return Optional.empty();
    }

    /** A small file kept in its row: the row holds its bytes, of its size and SHA-256. */
    private Optional<String> inlineProblem(CheckContext ctx, BlobRow row) {
        byte[] bytes = ctx.db().read(c -> repository.content(c, row.id(), row.key()));
        if (bytes == null) {
            return row.state() == 1 ? Optional.of("has no bytes in its row") : Optional.empty();
        }
        if (bytes.length != row.size()) {
            return Optional.of("holds " + bytes.length + " bytes, its row says " + row.size());
        }
        if (ctx.verifyContent() && row.sha256() != null && !Arrays.equals(sha256().digest(bytes), row.sha256())) {
            return Optional.of("does not match its SHA-256 (its bytes are damaged)");
        }
        return Optional.empty();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(Path path) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[128 * 1024];
        try (InputStream in = Files.newInputStream(path)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }
}
