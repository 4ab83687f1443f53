package org.kiste.share;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kiste.files.FilesService;
import org.kiste.files.Resolved;
import org.kiste.model.BadRequestException;
import org.kiste.model.FilePath;
import org.kiste.model.MountInfo;
import org.kiste.model.NotFoundException;
import org.kiste.model.Principal;
import org.kiste.model.Share;
import org.kiste.store.Database;
import org.kiste.store.ShareRepository;

/** The shares a user sees: those they made (of live items), and those they received and still have. */
final class ShareListings {
    private final Database db;
    private final FilesService files;
    private final ShareRepository shares = new ShareRepository();

    ShareListings(Database db, FilesService files) {
        this.db = db;
        this.files = files;
    }

    /**
     * The shares the user made, of live items. With {@code path}: only shares of that item, or with
     * {@code subfiles} of its direct children; {@code reshares} adds the shares others made from those items.
     */
    public List<Share> mine(Principal p, FilePath path, boolean reshares, boolean subfiles) {
        if (path == null) {
            List<Share> own = db.read(c -> shares.ownedBy(c, p.userId()));
            return live(own);
        }
        Resolved item =
                files.find(p, path).orElseThrow(() -> new NotFoundException("Wrong path, file/folder does not exist"));
        List<Share> out = new ArrayList<>();
        if (subfiles) {
            if (!item.isFolder()) {
                throw new BadRequestException("Not a directory");
            }
            Set<Long> children = new java.util.HashSet<>();
            try {
                files.list(p, item, 1000, page -> page.forEach(n -> children.add(n.id())));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            for (Share s : db.read(c -> shares.ownedBy(c, p.userId()))) {
                if (children.contains(s.nodeId())) {
                    out.add(s);
                }
            }
            return out;
        }
        List<Share> ofItem = db.read(c -> shares.ofNode(c, item.id()));
        Set<Long> own = new java.util.HashSet<>();
        for (Share s : ofItem) {
            if (s.ownerUserId() == p.userId()) {
                own.add(s.id());
            }
        }
        for (Share s : ofItem) {
            // reshares: on an item of one's own home all of them, elsewhere those made from one's own shares
            boolean reshare =
                    reshares && (item.mount() == null || (s.parentId() != null && own.contains(s.parentId())));
            if (s.ownerUserId() == p.userId() || reshare) {
                out.add(s);
            }
        }
        return out;
    }

    /** The user and group shares the user received and still has in their tree. */
    public List<Share> sharedWithMe(Principal p) {
        List<Share> out = new ArrayList<>();
        Set<Long> mounted = new java.util.HashSet<>();
        for (MountInfo m : files.mounts(p)) {
            if (m.kind() == MountInfo.Kind.SHARED) {
                mounted.add(m.shareId());
            }
        }
        for (ShareRepository.Received r : db.read(c -> shares.received(c, p.userId()))) {
            if (mounted.contains(r.share().id())) {
                out.add(r.share());
            }
        }
        return out;
    }

    /** The recipient's mount of a share (its name in their root), when they have it in their tree. */
    public Optional<MountInfo> mountOf(Principal p, Share s) {
        for (MountInfo m : files.mounts(p)) {
            if (m.kind() == MountInfo.Kind.SHARED && m.rootNodeId() == s.nodeId()) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The shares whose items are live (not in a trash). */
    private List<Share> live(List<Share> all) {
        if (all.isEmpty()) {
            return all;
        }
        Set<Long> ids = new java.util.HashSet<>();
        for (Share s : all) {
            ids.add(s.nodeId());
        }
        Set<Long> liveIds = files.liveNodes(ids);
        return all.stream().filter(s -> liveIds.contains(s.nodeId())).toList();
    }
}
