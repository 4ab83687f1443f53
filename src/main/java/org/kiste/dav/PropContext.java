package org.kiste.dav;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.kiste.files.EntryView;
import org.kiste.files.EntryViews;
import org.kiste.files.FileIds;
import org.kiste.files.Quota;
import org.kiste.files.Resolved;
import org.kiste.model.DavLock;
import org.kiste.model.FilePath;

/**
 * What computing live properties needs beyond the node itself, fetched at most once per request and only when
 * a property asks for it: the space's quota, its live locks, the user's favourites and the share types they made.
 */
public final class PropContext {
    private final Function<FilePath, Quota> quotaSource;
    private final Supplier<Set<Long>> favoritesSource;
    private final EntryViews views;
    private final DavLocation location;
    private final FileIds ids;
    private final Map<Long, Quota> quotas = new HashMap<>();
    private Set<Long> favorites;
    /** The last IMF-fixdate written and its second: entries written together were often modified together. */
    private long dateSecond = Long.MIN_VALUE;

    private String date;

    PropContext(
            Function<FilePath, Quota> quota,
            Supplier<Set<Long>> favorites,
            EntryViews views,
            DavLocation location,
            FileIds ids) {
        this.quotaSource = quota;
        this.favoritesSource = favorites;
        this.views = views;
        this.location = location;
        this.ids = ids;
    }

    /** What the properties of the request's nodes may need; the lock roots' hrefs in {@code node}'s URL family. */
    static PropContext of(DavExchange x, DavNode node) {
        DavLocation location = node instanceof TreeNode t
                ? t.location()
                : new DavLocation(
                        DavLocation.Kind.TREE,
                        x.router().contextPath()
                                + DavRouter.FILES
                                + (x.principal() == null || x.principal().isLinkVisitor()
                                        ? ""
                                        : Hrefs.encodeSegment(x.principal().login())),
                        org.kiste.model.FilePath.ROOT);
        return of(x, location);
    }

    /** As {@link #of(DavExchange, DavNode)}, with lock roots' hrefs below {@code location}. */
    static PropContext of(DavExchange x, DavLocation location) {
        return new PropContext(
                path -> x.files().quota(x.principal(), path),
                () -> x.files().favorites().ids(x.principal()),
                x.files().views(x.principal()),
                location,
                x.files().ids());
    }

    FileIds ids() {
        return ids;
    }

    /** How the core sees an entry for the acting principal (what they may do, mount, owner, shares, lock). */
    EntryView view(Resolved t) {
        return views.of(t);
    }

    /** {@link HttpDates#format}, the string made again only when the second differs from the last one asked for. */
    String httpDate(long millis) {
        long second = Math.floorDiv(millis, 1000);
        if (second != dateSecond || date == null) {
            date = HttpDates.format(millis);
            dateSecond = second;
        }
        return date;
    }

    /** Ids of the nodes the acting user marked as favourites. */
    Set<Long> favorites() {
        if (favorites == null) {
            favorites = favoritesSource.get();
        }
        return favorites;
    }

    /** The quota of the space the target lives in (the team folder's inside a mount), read once per space. */
    Quota quota(Resolved t) {
        return quotas.computeIfAbsent(t.node().spaceId(), s -> quotaSource.apply(t.path()));
    }

    List<DavLock> locks() {
        return views.locks();
    }

    /** The href of the folder {@code levelsUp} above the target (0: the target itself). */
    String hrefAbove(Resolved t, int levelsUp) {
        FilePath p = t.path();
        for (int i = 0; i < levelsUp && !p.isRoot(); i++) {
            p = p.parent();
        }
        return location.href(p, levelsUp > 0 || t.node().isFolder());
    }
}
