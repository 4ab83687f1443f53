package org.kiste.dav;

import java.util.List;
import java.util.function.Supplier;
import org.kiste.files.DavLock;
import org.kiste.files.FilePath;
import org.kiste.files.Node;
import org.kiste.files.Quota;

/**
 * What computing live properties needs beyond the node itself, fetched at most once per request and only when
 * a property asks for it: the space's quota and its live locks.
 */
final class PropContext {
    /** A node to describe, with its ancestor chain (for covering locks) and path (for lock-root hrefs). */
    record Target(Node node, long[] chain, FilePath path) {
    }

    private final Supplier<Quota> quotaSource;
    private final Supplier<List<DavLock>> locksSource;
    private final DavLocation location;
    private Quota quota;
    private List<DavLock> locks;

    PropContext(Supplier<Quota> quota, Supplier<List<DavLock>> locks, DavLocation location) {
        this.quotaSource = quota;
        this.locksSource = locks;
        this.location = location;
    }

    Quota quota() {
        if (quota == null) {
            quota = quotaSource.get();
        }
        return quota;
    }

    List<DavLock> locks() {
        if (locks == null) {
            locks = locksSource.get();
        }
        return locks;
    }

    /** The href of the folder {@code levelsUp} above the target (0: the target itself). */
    String hrefAbove(Target t, int levelsUp) {
        FilePath p = t.path();
        for (int i = 0; i < levelsUp && !p.isRoot(); i++) {
            p = p.parent();
        }
        return location.href(p, levelsUp > 0 || t.node().isFolder());
    }
}
