package org.kiste.files;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.kiste.model.DavLock;
import org.kiste.model.MountInfo;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.model.SharePermissions;

/**
 * Makes {@link EntryView}s for one principal, reading what several entries share (the share types they made, the
 * live locks of their tree) at most once, and only when a view needs it. Safe to share between threads (a bulk
 * upload's answers are made by the threads that commit its files).
 */
public final class EntryViews {
    private final Principal principal;
    private final Supplier<Map<Long, ? extends Set<Integer>>> shareTypesSource;
    private final Supplier<List<DavLock>> locksSource;
    private Map<Long, ? extends Set<Integer>> shareTypes;
    private List<DavLock> locks;

    EntryViews(
            Principal principal,
            Supplier<Map<Long, ? extends Set<Integer>>> shareTypes,
            Supplier<List<DavLock>> locks) {
        this.principal = principal;
        this.shareTypesSource = shareTypes;
        this.locksSource = locks;
    }

    /** The live locks of the principal's tree, as read for these views (read once). */
    public synchronized List<DavLock> locks() {
        if (locks == null) {
            locks = locksSource.get();
        }
        return locks;
    }

    public EntryView of(Resolved r) {
        MountInfo m = r.mount();
        EntryView.Mount mount = m == null
                ? EntryView.Mount.OWN
                : switch (m.kind()) {
                    case GROUP -> EntryView.Mount.TEAM_FOLDER;
                    case SHARED -> EntryView.Mount.RECEIVED_SHARE;
                    case LINK -> EntryView.Mount.LINK;
                };
        boolean point = r.isMountPoint();
        Set<EntryView.Action> may = actions(r.perms());
        if (point && mount == EntryView.Mount.RECEIVED_SHARE) {
            // its recipient may rename it, keep it in another folder of theirs, or leave it, whatever its bits say
            may.add(EntryView.Action.DELETE);
            may.add(EntryView.Action.RENAME);
        }
        boolean sharer = m != null && m.ownerLogin() != null;
        String ownerLogin = sharer ? m.ownerLogin() : principal.login();
        String ownerName = sharer ? m.ownerDisplayName() : principal.displayName();
        Set<Integer> types = shareTypes(r.id());
        int bits = r.perms().can(Perms.SHARE) ? SharePermissions.fromPerms(r.perms(), r.isFolder()) : 0;
        return new EntryView(r.node(), may, mount, point, ownerLogin, ownerName, types, bits, lockState(r));
    }

    private static Set<EntryView.Action> actions(Perms p) {
        Set<EntryView.Action> out = EnumSet.noneOf(EntryView.Action.class);
        if (p.can(Perms.READ)) {
            out.add(EntryView.Action.READ);
        }
        if (p.can(Perms.WRITE)) {
            out.add(EntryView.Action.WRITE);
        }
        if (p.can(Perms.CREATE)) {
            out.add(EntryView.Action.CREATE);
        }
        if (p.can(Perms.DELETE)) {
            out.add(EntryView.Action.DELETE);
        }
        if (p.can(Perms.RENAME)) {
            out.add(EntryView.Action.RENAME);
        }
        if (p.can(Perms.SHARE)) {
            out.add(EntryView.Action.SHARE);
        }
        return out;
    }

    private Set<Integer> shareTypes(long id) {
        if (principal.isLinkVisitor()) {
            return Set.of();
        }
        Set<Integer> s = loadedShareTypes().get(id);
        return s == null ? Set.of() : s;
    }

    private synchronized Map<Long, ? extends Set<Integer>> loadedShareTypes() {
        if (shareTypes == null) {
            shareTypes = shareTypesSource.get();
        }
        return shareTypes;
    }

    private EntryView.LockState lockState(Resolved r) {
        List<DavLock> covering = LockRules.covering(locks(), r.chain());
        if (covering.isEmpty()) {
            return EntryView.LockState.NONE;
        }
        for (DavLock l : covering) {
            if (l.principalId() != principal.lockHolder()) {
                return EntryView.LockState.OTHERS;
            }
        }
        return EntryView.LockState.MINE;
    }
}
