package org.kiste.files;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.kiste.model.ContentDetails;
import org.kiste.model.FiniteDepthException;
import org.kiste.model.MountInfo;
import org.kiste.model.Node;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.store.SpaceRepository.Space;

/**
 * A listing of a whole tree (PROPFIND {@code Depth: infinity}), decided before anything is written: a public link's
 * visitor never gets one, and nobody gets one of more than the configured number of entries, counted in one
 * consistent read (the mounts below a folder of the home included). Then it is read folder by folder, depth first,
 * page by page on the {@code (parent_id, name)} index with no database connection held while a page is consumed,
 * so memory stays at one page per level whatever the size of the tree (and the tree may nest {@link #MAX_LEVELS}
 * levels deep at most). It never yields more entries than the limit: entries created after the count beyond it are
 * left out, as a paged listing leaves out those renamed behind it.
 */
public final class TreeListing {
    /** Levels below the target a listing goes down to at most (the walk holds a page and a few frames per level). */
    static final int MAX_LEVELS = 256;
    /**
     * Counts of whole trees running at once, each on a pooled connection for up to the listing limit's rows: a few,
     * so that a client repeating them cannot hold the pool.
     */
    private static final java.util.concurrent.Semaphore COUNTS = new java.util.concurrent.Semaphore(4);

    /** Receives the entries of one folder, a page at a time. */
    @FunctionalInterface
    public interface Sink {
        void accept(Resolved folder, List<Resolved> page) throws IOException;
    }

    private final Core core;
    private final Places places;
    private final Reads reads;
    private final Principal principal;
    private final Resolved target;
    private final long entries;
    private final long max;
    private long left;

    private TreeListing(Core core, Places places, Reads reads, Principal p, Resolved target, long entries, long max) {
        this.core = core;
        this.places = places;
        this.reads = reads;
        this.principal = p;
        this.target = target;
        this.entries = entries;
        this.max = max;
    }

    /** Refuses ({@link FiniteDepthException}) or counts the listing of everything below {@code target}. */
    static TreeListing open(Core core, Places places, Reads reads, Principal p, Resolved target, long max) {
        if (p.isLinkVisitor()) {
            throw new FiniteDepthException("a public link is listed one level at a time (Depth: 1)");
        }
        if (!target.isFolder()) {
            return new TreeListing(core, places, reads, p, target, 0, max);
        }
        target.perms().require(Perms.READ, "list");
        try {
            if (!COUNTS.tryAcquire(5, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new org.kiste.model.UnavailableException(
                        "too many listings of whole trees at once: try again shortly, or list one level at a time",
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.kiste.model.UnavailableException("interrupted", e);
        }
        long n;
        try {
            n = count(core, places, p, target, max);
        } finally {
            COUNTS.release();
        }
        if (n > max) {
            throw new FiniteDepthException("more than " + max + " entries, or more than " + MAX_LEVELS
                    + " levels, below this folder: list it one level at a time (Depth: 1)");
        }
        return new TreeListing(core, places, reads, p, target, n, max);
    }

    private static long count(Core core, Places places, Principal p, Resolved target, long max) {
        List<MountInfo> mounts =
                target.mount() == null ? places.tree().mountsUnder(p, core.home(p), target.path()) : List.of();
        return core.db.snapshot(c -> {
            long count = core.nodes.countBelow(c, target.id(), max, MAX_LEVELS);
            for (MountInfo m : mounts) {
                if (count > max) {
                    break;
                }
                // the mount's root lies this many levels below the target, its entries further down
                int levels = MAX_LEVELS - (m.point().depth() - target.path().depth());
                long below = m.file() ? 0 : core.nodes.countBelow(c, m.rootNodeId(), max - count - 1, levels);
                if (below > max) {
                    return below; // over the limit (perhaps Long.MAX_VALUE: too deep), whatever else is there
                }
                count += 1 + below;
            }
            return count;
        });
    }

    /**
     * The number of entries below the target, as counted before the listing (with mounts in the home: at most that
     * many, a mount hiding a home entry of its name).
     */
    public long entries() {
        return entries;
    }

    /** Every entry below the target, depth first, {@code pageSize} entries per page at most; once only. */
    public void walk(int pageSize, Sink sink) throws IOException {
        if (!target.isFolder()) {
            return;
        }
        left = max;
        walk(target, 1, pageSize, sink);
    }

    /** Lists {@code folder}, whose entries lie {@code level} levels below the target. */
    private void walk(Resolved folder, int level, int pageSize, Sink sink) throws IOException {
        Space home = folder.mount() == null ? core.home(principal) : null;
        reads.list(principal, folder, pageSize, ContentDetails.INCLUDED, page -> {
            List<Node> taken = page.size() > left ? page.subList(0, (int) left) : page;
            left -= taken.size();
            List<Resolved> resolved = new ArrayList<>(taken.size());
            for (Node n : taken) {
                resolved.add(places.tree().child(principal, home, folder, n));
            }
            sink.accept(folder, resolved);
            for (Resolved r : resolved) {
                // a folder the principal may not list shows itself but not what is in it
                if (left > 0 && level < MAX_LEVELS && r.isFolder() && r.perms().can(Perms.READ)) {
                    walk(r, level + 1, pageSize, sink);
                }
            }
            return left > 0;
        });
    }
}
