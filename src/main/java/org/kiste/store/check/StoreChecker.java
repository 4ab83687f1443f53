package org.kiste.store.check;

import java.io.IOException;
import java.util.List;

/** Runs the store's checks in order ({@code kiste fsck}); each one reports into the context. */
public final class StoreChecker {
    private final List<StoreCheck> checks;

    public StoreChecker(List<StoreCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    /** Every check there is: the blob store against the database first, then the shape of the tree. */
    public static StoreChecker standard() {
        return new StoreChecker(List.of(
                new BlobReferencesCheck(),
                new VersionsCheck(),
                new BlobBytesCheck(),
                new OrphanBytesCheck(),
                new SpaceRootsCheck(),
                new SameSpaceCheck(),
                new ReachabilityCheck(),
                new TrashCheck()));
    }

    public List<StoreCheck> checks() {
        return checks;
    }

    public void run(CheckContext ctx) throws IOException {
        for (StoreCheck check : checks) {
            check.run(ctx);
        }
    }
}
