package org.kiste.dav;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.kiste.model.DavLock;
import org.kiste.files.FileIds;
import org.kiste.model.FilePath;
import org.kiste.model.MountInfo;
import org.kiste.model.Node;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.files.Quota;
import org.kiste.files.Resolved;

/**
 * What computing live properties needs beyond the node itself, fetched at most once per request and only when
 * a property asks for it: the space's quota, its live locks, the user's favourites and the share types they made.
 */
public final class PropContext {
    /** A node to describe, with its ancestor chain (for covering locks) and path (for lock-root hrefs). */
    record Target(Node node, long[] chain, FilePath path, Perms perms, MountInfo mount) {
        static Target of(Resolved r) {
            return new Target(r.node(), r.chain(), r.path(), r.perms(), r.mount());
        }
    }

    private final Function<FilePath, Quota> quotaSource;
    private final Supplier<List<DavLock>> locksSource;
    private final Supplier<Set<Long>> favoritesSource;
    private final Supplier<Map<Long, ? extends Set<Integer>>> shareTypesSource;
    private final DavLocation location;
    private final FileIds ids;
    private final Principal owner;
    private final Map<Long, Quota> quotas = new HashMap<>();
    private List<DavLock> locks;
    private Set<Long> favorites;
    private Map<Long, ? extends Set<Integer>> shareTypes;

    PropContext(Function<FilePath, Quota> quota, Supplier<List<DavLock>> locks, Supplier<Set<Long>> favorites,
                Supplier<Map<Long, ? extends Set<Integer>>> shareTypes, DavLocation location, FileIds ids, Principal owner) {
        this.shareTypesSource = shareTypes;
        this.quotaSource = quota;
        this.locksSource = locks;
        this.favoritesSource = favorites;
        this.location = location;
        this.ids = ids;
        this.owner = owner;
    }

    /** What the properties of the request's nodes may need; the lock roots' hrefs in {@code node}'s URL family. */
    static PropContext of(DavExchange x, DavNode node) {
        DavLocation location = node instanceof TreeNode t ? t.location()
                : new DavLocation(DavLocation.Kind.TREE, x.router().contextPath() + DavRouter.FILES
                + (x.principal() == null || x.principal().isLinkVisitor() ? "" : Hrefs.encodeSegment(x.principal().login())),
                org.kiste.model.FilePath.ROOT);
        return of(x, location);
    }

    /** As {@link #of(DavExchange, DavNode)}, with lock roots' hrefs below {@code location}. */
    static PropContext of(DavExchange x, DavLocation location) {
        return new PropContext(path -> x.files().quota(x.principal(), path), () -> x.locks().activeIn(x.principal()),
                () -> x.files().favorites().ids(x.principal()), () -> x.files().shareTypesMadeBy(x.principal()),
                location, x.files().ids(), x.principal());
    }

    FileIds ids() {
        return ids;
    }

    /** The owner of the space being described (the user's own home). */
    Principal owner() {
        return owner;
    }

    /** Ids of the nodes the acting user marked as favourites. */
    Set<Long> favorites() {
        if (favorites == null) {
            favorites = favoritesSource.get();
        }
        return favorites;
    }

    /** The share types the acting user made on the target (empty: not shared by them); one query per request. */
    Set<Integer> shareTypes(Target t) {
        if (shareTypes == null) {
            shareTypes = shareTypesSource.get();
        }
        Set<Integer> s = shareTypes.get(t.node().id());
        return s == null ? Set.of() : s;
    }

    /** The quota of the space the target lives in (the team folder's inside a mount), read once per space. */
    Quota quota(Target t) {
        return quotas.computeIfAbsent(t.node().spaceId(), s -> quotaSource.apply(t.path()));
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
