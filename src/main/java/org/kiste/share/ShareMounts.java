package org.kiste.share;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kiste.files.MountSource;
import org.kiste.files.NumberedName;
import org.kiste.model.ForbiddenException;
import org.kiste.model.MountInfo;
import org.kiste.model.NotFoundException;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.model.Share;
import org.kiste.model.SharePermissions;
import org.kiste.store.Database;
import org.kiste.store.NodeRepository;
import org.kiste.store.ShareRepository;
import org.kiste.store.TeamFolderRepository;

/**
 * A user's mounts: their team folders (from {@code teamFolders}), then the user and group shares they received.
 * A received share is placed once per recipient in their root under the item's name, or {@code Name (2)},
 * {@code Name (3)}… when that name is taken there (a home entry, a team folder, another share); the placement is
 * kept in {@code share_mount}, so a recipient's rename, move into a folder of theirs or unshare changes only their
 * own row. Shares of the same item received twice (as a user and through a group) make one mount with the union of
 * their permissions. A share whose item is in a trash is hidden.
 */
public final class ShareMounts implements MountSource {
    /** Names tried before a placement gives up (the share then waits for the next read). */
    private static final int MAX_SUFFIX = 100;

    private final Database db;
    private final MountSource teamFolders;
    private final NodeRepository nodes;
    private final ShareRepository shares = new ShareRepository();
    private final TeamFolderRepository teamFolderRows = new TeamFolderRepository();

    public ShareMounts(Database db, NodeRepository nodes, MountSource teamFolders) {
        this.db = db;
        this.nodes = nodes;
        this.teamFolders = teamFolders;
    }

    @Override
    public List<MountInfo> mountsFor(long userId) {
        List<MountInfo> out = new ArrayList<>(teamFolders.mountsFor(userId));
        Set<String> names = new HashSet<>(); // folder id + "/" + name
        for (MountInfo m : out) {
            names.add(key(m.folderNodeId(), m.name()));
        }
        List<ShareRepository.Received> received = db.read(c -> shares.received(c, userId));
        if (received.isEmpty()) {
            return out;
        }
        Set<Long> nodeIds = new HashSet<>();
        for (ShareRepository.Received r : received) {
            nodeIds.add(r.share().nodeId());
        }
        Map<Long, long[]> chains = db.read(c -> nodes.liveChains(c, nodeIds));
        Map<Long, MountInfo> byNode = new LinkedHashMap<>();
        for (ShareRepository.Received r : received) {
            Share s = r.share();
            long[] chain = chains.get(s.nodeId());
            if (chain == null || (r.hasMountRow() && r.mountName() == null)) {
                continue; // in a trash, or left by this recipient
            }
            Perms perms = SharePermissions.toPerms(s.permissions());
            MountInfo same = byNode.get(s.nodeId());
            if (same != null) {
                byNode.put(s.nodeId(), same.withPerms(new Perms(same.perms().bits() | perms.bits())));
                continue;
            }
            String name =
                    r.hasMountRow() ? r.mountName() : db.tx(c -> place(c, userId, s, r.nodeName(), teamNames(out)));
            if (name == null) {
                continue;
            }
            long folder = r.hasMountRow() ? r.mountFolderId() : 0;
            byNode.put(
                    s.nodeId(),
                    new MountInfo(
                                    MountInfo.Kind.SHARED,
                                    r.nodeSpaceId(),
                                    name,
                                    s.nodeId(),
                                    perms,
                                    chain,
                                    !s.folder(),
                                    r.nodeName(),
                                    s.id(),
                                    s.ownerLogin(),
                                    s.ownerDisplayName())
                            .inFolder(folder, name));
        }
        for (MountInfo m : byNode.values()) {
            // a team folder granted later under a share's name wins; the share shows under a free name meanwhile
            String name = m.name();
            for (int i = 2; names.contains(key(m.folderNodeId(), name)) && i < MAX_SUFFIX; i++) {
                name = NumberedName.of(m.name(), i, m.file());
            }
            names.add(key(m.folderNodeId(), name));
            out.add(name.equals(m.name()) ? m : m.named(name));
        }
        return out;
    }

    private static String key(long folderNodeId, String name) {
        return folderNodeId + "/" + name;
    }

    private static Set<String> teamNames(List<MountInfo> teamFolders) {
        Set<String> out = new HashSet<>();
        for (MountInfo m : teamFolders) {
            out.add(m.name());
        }
        return out;
    }

    /**
     * Places a new share in a recipient's root, in the sharing transaction, so that it keeps the item's name of the
     * moment it was shared (a group's later members get theirs when they first look).
     */
    void placeNew(Connection c, long userId, Share s, String itemName) throws SQLException {
        Set<String> teamNames = new HashSet<>();
        for (TeamFolderRepository.Visible v : teamFolderRows.visibleTo(c, userId)) {
            teamNames.add(v.name());
        }
        place(c, userId, s, itemName, teamNames);
    }

    /** Gives a newly received share its place in the recipient's root: the item's name, else the first free suffix. */
    private String place(Connection c, long userId, Share s, String itemName, Set<String> teamNames)
            throws SQLException {
        for (int i = 1; i < MAX_SUFFIX; i++) {
            String name = i == 1 ? itemName : NumberedName.of(itemName, i, !s.folder());
            if (teamNames.contains(name)
                    || shares.mountNameTaken(c, userId, 0, name)
                    || shares.homeHasEntry(c, userId, name)) {
                continue;
            }
            if (shares.newMount(c, s.id(), userId, name)) {
                return name;
            }
        }
        return null;
    }

    @Override
    public void move(Connection c, Principal p, MountInfo mount, long folderNodeId, String newName)
            throws SQLException {
        if (mount.kind() != MountInfo.Kind.SHARED) {
            teamFolders.move(c, p, mount, folderNodeId, newName);
            return;
        }
        long userId = p.userId();
        // the row is what two moves of one mount point decide on: the second waits for the first, then finds the
        // mount no longer where its client saw it
        ShareRepository.MountPlace now = shares.lockMount(c, mount.shareId(), userId);
        if (now == null || now.name() == null || !inFolderShown(c, p, now, mount) || !shownAs(now, mount)) {
            throw new NotFoundException("the received share " + mount.name() + " was moved or left meanwhile");
        }
        if (shares.mountNameTaken(c, userId, folderNodeId, newName)) {
            throw new ForbiddenException("a received share already has the name " + newName + " there");
        }
        shares.placeMount(c, mount.shareId(), userId, folderNodeId, newName);
    }

    /**
     * The mount row still keeps the mount in the folder it is shown in: that folder, or, for a mount shown at the top
     * because the folder it is kept in went away (deleted, or moved out of the home), a folder that is no longer
     * live in the home.
     */
    private boolean inFolderShown(Connection c, Principal p, ShareRepository.MountPlace row, MountInfo mount)
            throws SQLException {
        if (row.folderId() == mount.folderNodeId()) {
            return true;
        }
        if (mount.folderNodeId() != 0) {
            return false;
        }
        long[] chain = nodes.liveChains(c, List.of(row.folderId())).get(row.folderId());
        org.kiste.model.Node folder = chain == null ? null : nodes.byId(c, row.folderId());
        return folder == null || folder.spaceId() != p.homeSpaceId();
    }

    /** The mount row still names the mount as shown: its name, or the numbered name it shows while another takes it. */
    private static boolean shownAs(ShareRepository.MountPlace row, MountInfo mount) {
        if (row.name().equals(mount.name())) {
            return true;
        }
        for (int i = 2; i < MAX_SUFFIX; i++) {
            if (NumberedName.of(row.name(), i, mount.file()).equals(mount.name())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void leave(long userId, MountInfo mount) {
        if (mount.kind() != MountInfo.Kind.SHARED) {
            teamFolders.leave(userId, mount);
            return;
        }
        db.tx(c -> {
            for (ShareRepository.Received r : shares.received(c, userId)) {
                if (r.share().nodeId() == mount.rootNodeId()) {
                    shares.placeMount(c, r.share().id(), userId, 0, null);
                }
            }
            return null;
        });
    }
}
