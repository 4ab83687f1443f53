package org.kiste.teamfolders;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kiste.audit.AuditLog;
import org.kiste.cache.Invalidations;
import org.kiste.config.Sizes;
import org.kiste.model.Account;
import org.kiste.model.BadRequestException;
import org.kiste.model.Echo;
import org.kiste.model.FilePath;
import org.kiste.model.Group;
import org.kiste.model.MountInfo;
import org.kiste.model.Refusal;
import org.kiste.model.Role;
import org.kiste.model.Subject;
import org.kiste.model.TeamFolder;
import org.kiste.store.Database;
import org.kiste.store.GroupRepository;
import org.kiste.store.NodeRepository;
import org.kiste.store.SpaceRepository;
import org.kiste.store.SqlWork;
import org.kiste.store.StoreException;
import org.kiste.store.TeamFolderRepository;
import org.kiste.store.TeamFolderRepository.Row;
import org.kiste.store.UserRepository;

/**
 * Team folders: spaces owned by the organisation, mounted under their name in the tree of every user who has a
 * grant (directly or through a group). Deleting one moves it to the organisation's trash, from which it can be
 * restored. Every change writes an audit event in its transaction.
 */
public final class TeamFolderService {
    private final Database db;
    private final NodeRepository nodes;
    private final AuditLog audit;
    private final TeamFolderRepository folders = new TeamFolderRepository();
    private final SpaceRepository spaces = new SpaceRepository();
    private final GroupRepository groups = new GroupRepository();
    private final UserRepository users = new UserRepository();

    private final Invalidations invalidations;

    public TeamFolderService(Database db, NodeRepository nodes, AuditLog audit, Invalidations invalidations) {
        this.db = db;
        this.nodes = nodes;
        this.audit = audit;
        this.invalidations = invalidations;
    }

    /** A change to team folders: members' mounts and the spaces' rows are read again once it has committed. */
    private <T> T change(SqlWork<T> work) {
        try {
            return db.tx(work);
        } finally {
            invalidations.publish(Invalidations.Topic.MOUNTS, 0);
            invalidations.publish(Invalidations.Topic.SPACE_ROW, 0);
        }
    }

    /** @param quota bytes, or -1 for none */
    public TeamFolder create(String actor, String name, long quota) {
        String n = checkName(name);
        long now = System.currentTimeMillis();
        try {
            long spaceId = db.tx(c -> {
                if (folders.live(c, n) != null) {
                    throw new TeamFolderException(
                            Refusal.CONFLICT, "team folder " + Echo.quoted(n) + " already exists");
                }
                SpaceRepository.Space s = spaces.create(c, SpaceRepository.TEAM_FOLDER, null, n, quota, nodes, now);
                folders.insert(c, s.id(), n);
                audit.record(c, actor, "folder.create", n, null, Map.of("quota", Sizes.format(quota)));
                return s.id();
            });
            return find(n).filter(f -> f.spaceId() == spaceId).orElseThrow();
        } catch (StoreException e) {
            throw duplicate(e, n);
        }
    }

    public void rename(String actor, String name, String newName) {
        String n = checkName(newName);
        try {
            change(c -> {
                Row f = live(c, name);
                if (!f.name().equals(n) && folders.live(c, n) != null) {
                    throw new TeamFolderException(
                            Refusal.CONFLICT, "team folder " + Echo.quoted(n) + " already exists");
                }
                folders.rename(c, f.spaceId(), n);
                audit.record(c, actor, "folder.rename", name, n, Map.of());
                return null;
            });
        } catch (StoreException e) {
            throw duplicate(e, n);
        }
    }

    /** Moves the folder, with its files and grants, into the organisation's trash: members no longer see it. */
    public void delete(String actor, String name) {
        change(c -> {
            Row f = live(c, name);
            folders.setState(c, f.spaceId(), TeamFolderRepository.TRASHED);
            audit.record(c, actor, "folder.delete", name, null, Map.of("space", f.spaceId()));
            return null;
        });
    }

    /**
     * Purges team folders that have been in the organisation's trash longer than {@code retention}: their files,
     * grants, shares and links go for good (blob bytes are reclaimed by the blob collector), and the audit trail
     * records it. A housekeeping job; returns how many it purged (at most {@code batch}).
     */
    public int purgeTrashed(java.time.Duration retention, java.time.Clock clock, int batch) {
        java.time.LocalDateTime cutoff =
                java.time.LocalDateTime.ofInstant(clock.instant().minus(retention), java.time.ZoneOffset.UTC);
        List<Row> due = db.read(c -> folders.trashedBefore(c, cutoff, batch));
        for (Row f : due) {
            change(c -> {
                spaces.purge(c, f.spaceId());
                folders.forget(c, f.spaceId());
                audit.record(c, AuditLog.HOUSEKEEPING, "folder.purge", f.name(), null, Map.of("space", f.spaceId()));
                return null;
            });
        }
        return due.size();
    }

    /** Brings the most recently deleted folder of that name back from the organisation's trash, grants included. */
    public void restore(String actor, String name) {
        try {
            change(c -> {
                Row f = folders.trashed(c, name);
                if (f == null || !folders.lockTrashed(c, f.spaceId())) {
                    throw new TeamFolderException(
                            Refusal.NOT_FOUND, "no team folder " + Echo.quoted(name) + " in the organisation's trash");
                }
                if (folders.live(c, name) != null) {
                    throw new TeamFolderException(
                            Refusal.CONFLICT, "a team folder named " + Echo.quoted(name) + " exists: rename it first");
                }
                folders.setState(c, f.spaceId(), TeamFolderRepository.LIVE);
                audit.record(c, actor, "folder.restore", name, null, Map.of("space", f.spaceId()));
                return null;
            });
        } catch (StoreException e) {
            throw duplicate(e, name);
        }
    }

    /** Gives a user or a group a role on the folder, replacing the role it had. */
    public void grant(String actor, String name, Subject.Type type, String subjectName, Role role) {
        change(c -> {
            Row f = live(c, name);
            Subject s = subject(c, type, subjectName);
            Role before = folders.grant(c, f.spaceId(), s, role, actor);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("role", role.label());
            if (before != null) {
                detail.put("previous", before.label());
            }
            audit.record(c, actor, "folder.grant", name, s.toString(), detail);
            return null;
        });
    }

    /** Removes a grant; the subject's members lose the mount (within a second, the bound of the mount cache). */
    public void revoke(String actor, String name, Subject.Type type, String subjectName) {
        change(c -> {
            Row f = live(c, name);
            Subject s = subject(c, type, subjectName);
            if (!folders.revoke(c, f.spaceId(), s)) {
                throw new TeamFolderException(
                        Refusal.NOT_FOUND, s + " has no grant on team folder " + Echo.quoted(name));
            }
            audit.record(c, actor, "folder.revoke", name, s.toString(), Map.of());
            return null;
        });
    }

    public void setQuota(String actor, String name, long quota) {
        change(c -> {
            Row f = live(c, name);
            spaces.setQuota(c, f.spaceId(), quota);
            audit.record(
                    c,
                    actor,
                    "folder.quota",
                    name,
                    null,
                    Map.of("quota", Sizes.format(quota), "previous", Sizes.format(f.quotaBytes())));
            return null;
        });
    }

    /** Every team folder with its grants and bytes used: live ones by name, then the organisation's trash. */
    public List<TeamFolder> list() {
        return db.read(c -> {
            List<TeamFolder> out = new ArrayList<>();
            for (Row r : folders.all(c)) {
                out.add(describe(c, r));
            }
            return out;
        });
    }

    /** The live team folder of that name. */
    public Optional<TeamFolder> find(String name) {
        return db.read(c -> {
            Row r = folders.live(c, name);
            return Optional.ofNullable(r == null ? null : describe(c, r));
        });
    }

    /** The strongest role the user has on a live team folder: their own grant or any of their groups'. */
    public Optional<Role> effectiveRole(long userId, long spaceId) {
        return db.read(c -> {
            for (TeamFolderRepository.Visible v : folders.visibleTo(c, userId)) {
                if (v.spaceId() == spaceId) {
                    return Optional.of(v.role());
                }
            }
            return Optional.empty();
        });
    }

    /** The team folders a user sees, with what their role lets them do inside: what the files core mounts. */
    public List<MountInfo> mountsFor(long userId) {
        return db.read(c -> {
            List<MountInfo> out = new ArrayList<>();
            for (TeamFolderRepository.Visible v : folders.visibleTo(c, userId)) {
                out.add(new MountInfo(
                        MountInfo.Kind.GROUP,
                        v.spaceId(),
                        v.name(),
                        v.rootNodeId(),
                        v.role().perms()));
            }
            return out;
        });
    }

    private TeamFolder describe(Connection c, Row r) throws SQLException {
        var root = nodes.byId(c, r.rootNodeId());
        return new TeamFolder(
                r.spaceId(),
                r.name(),
                r.trashed(),
                r.quotaBytes(),
                root == null ? 0 : root.size(),
                folders.grants(c, r.spaceId()));
    }

    /** The live folder a change decides on, locked until the change commits. */
    private Row live(Connection c, String name) throws SQLException {
        Row f = folders.lockLive(c, name);
        if (f == null) {
            throw new TeamFolderException(Refusal.NOT_FOUND, "no such team folder " + Echo.quoted(name));
        }
        return f;
    }

    private Subject subject(Connection c, Subject.Type type, String name) throws SQLException {
        if (type == Subject.Type.GROUP) {
            Group g = groups.byName(c, name);
            if (g == null) {
                throw new TeamFolderException(Refusal.NOT_FOUND, "no such group " + Echo.quoted(name));
            }
            return new Subject(type, g.id(), g.name());
        }
        Account a = users.byLogin(c, name);
        if (a == null) {
            throw new TeamFolderException(Refusal.NOT_FOUND, "no such user " + Echo.quoted(name));
        }
        return new Subject(type, a.id(), a.login());
    }

    /** A team folder's name is the mount point's name in members' trees, so it follows the rules of file names. */
    private static String checkName(String name) {
        try {
            String n = FilePath.name(name == null ? "" : name);
            if (!n.strip().equals(n)) {
                throw new TeamFolderException(
                        "invalid team folder name " + Echo.quoted(name) + ": no leading or trailing spaces");
            }
            return n;
        } catch (BadRequestException e) {
            throw new TeamFolderException("invalid team folder name " + Echo.quoted(name) + ": " + e.getMessage());
        }
    }

    private static RuntimeException duplicate(StoreException e, String name) {
        return e.isDuplicateKey()
                ? new TeamFolderException(Refusal.CONFLICT, "team folder " + Echo.quoted(name) + " already exists")
                : e;
    }
}
