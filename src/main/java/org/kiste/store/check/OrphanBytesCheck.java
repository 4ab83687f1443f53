package org.kiste.store.check;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.kiste.store.BlobRepository;

/**
 * Bytes in the blob store that no row names and that are older than the collector's grace (a crash between storing
 * and recording them). {@code --repair} hands them to the collector as rows in state deleting: it deletes them
 * after its grace, with its own checks, and not while a backup holds a lease; fsck deletes nothing itself.
 */
final class OrphanBytesCheck implements StoreCheck {
    private static final int BATCH = 500;

    private final BlobRepository repository = new BlobRepository();

    @Override
    public String name() {
        return "orphan-bytes";
    }

    @Override
    public void run(CheckContext ctx) throws IOException {
        Instant cutoff = Instant.now().minus(ctx.orphanGrace());
        for (int part = -1; part < ctx.blobs().parts(); part++) {
            List<String> keys = new ArrayList<>();
            if (part < 0) {
                ctx.blobs().unfinished(cutoff, keys::add);
            } else {
                ctx.blobs().keysIn(part, cutoff, keys::add);
            }
            for (int from = 0; from < keys.size(); from += BATCH) {
                List<String> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
                Set<String> known = ctx.db().read(c -> repository.known(c, batch));
                for (String key : batch) {
                    if (!known.contains(key)) {
                        orphan(ctx, key, part < 0);
                    }
                }
            }
        }
    }

    private void orphan(CheckContext ctx, String key, boolean unfinished) {
        ctx.found(
                name(),
                (unfinished ? "unfinished upload " : "blob ") + key + " is older than "
                        + ctx.orphanGrace().toMinutes() + " minutes and no row names it");
        if (ctx.repair()) {
            ctx.db().tx(c -> {
                repository.abandon(c, key, true);
                return null;
            });
            ctx.repaired(name(), "handed " + key + " to the blob collector");
        }
    }
}
