package org.kiste.groups;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.kiste.audit.AuditLog;
import org.kiste.cache.Invalidations;
import org.kiste.model.Account;
import org.kiste.model.Echo;
import org.kiste.model.Group;
import org.kiste.model.Refusal;
import org.kiste.store.Database;
import org.kiste.store.GroupRepository;
import org.kiste.store.SqlWork;
import org.kiste.store.StoreException;
import org.kiste.store.UserRepository;

/** Groups of users: create, rename, delete, membership. Every change writes an audit event in its transaction. */
public final class GroupService {
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_][\\p{L}\\p{N} ._@-]{0,63}");

    /** The most groups one page lists. */
    public static final int MAX_PAGE = 500;

    private final Database db;
    private final AuditLog audit;
    private final GroupRepository groups = new GroupRepository();
    private final UserRepository users = new UserRepository();

    private final Invalidations invalidations;

    public GroupService(Database db, AuditLog audit, Invalidations invalidations) {
        this.invalidations = invalidations;
        this.db = db;
        this.audit = audit;
    }

    /** A change to groups or memberships: users' mounts (team folders, group shares) are read again after it. */
    private <T> T change(SqlWork<T> work) {
        try {
            return db.tx(work);
        } finally {
            invalidations.publish(Invalidations.Topic.MOUNTS, 0);
        }
    }

    public Group add(String actor, String name, String displayName) {
        checkName(name);
        String shown = shown(name, displayName);
        try {
            return db.tx(c -> {
                if (groups.byName(c, name) != null) {
                    throw new GroupException(Refusal.CONFLICT, "group " + Echo.quoted(name) + " already exists");
                }
                groups.insert(c, name, shown);
                audit.record(
                        c,
                        actor,
                        "group.add",
                        name,
                        null,
                        shown.equals(name) ? Map.of() : Map.of("displayName", shown));
                return groups.byName(c, name);
            });
        } catch (StoreException e) {
            throw duplicate(e, name);
        }
    }

    public void rename(String actor, String name, String newName) {
        checkName(newName);
        try {
            change(c -> {
                Group g = existing(c, name);
                if (!name.equals(newName) && groups.byName(c, newName) != null) {
                    throw new GroupException(Refusal.CONFLICT, "group " + Echo.quoted(newName) + " already exists");
                }
                groups.rename(c, g, newName);
                audit.record(c, actor, "group.rename", name, newName, Map.of());
                return null;
            });
        } catch (StoreException e) {
            throw duplicate(e, newName);
        }
    }

    /** Sets the name shown for the group (Nextcloud's display name); its id, and so every grant, stays. */
    public void setDisplayName(String actor, String name, String displayName) {
        String shown = shown(name, displayName);
        db.tx(c -> {
            Group g = existing(c, name);
            if (!g.displayName().equals(shown)) {
                groups.setDisplayName(c, g.id(), shown);
                audit.record(c, actor, "group.displayname", name, null, Map.of("displayName", shown));
            }
            return null;
        });
    }

    /** Deletes the group; its members lose what its grants gave them. */
    public void delete(String actor, String name) {
        change(c -> {
            Group g = existing(c, name);
            groups.delete(c, g.id());
            audit.record(c, actor, "group.delete", name, null, Map.of("members", g.members()));
            return null;
        });
    }

    /** False when the user already was a member (nothing changes, nothing is recorded). */
    public boolean addMember(String actor, String name, String login) {
        return change(c -> {
            Group g = existing(c, name);
            Account a = user(c, login);
            boolean added = groups.addMember(c, g.id(), a.id());
            if (added) {
                audit.record(c, actor, "group.add-member", name, "user:" + login, Map.of());
            }
            return added;
        });
    }

    /** False when the user was not a member. */
    public boolean removeMember(String actor, String name, String login) {
        return change(c -> {
            Group g = existing(c, name);
            Account a = user(c, login);
            boolean removed = groups.removeMember(c, g.id(), a.id());
            if (removed) {
                audit.record(c, actor, "group.remove-member", name, "user:" + login, Map.of());
            }
            return removed;
        });
    }

    /** Every group with its member count, by name. */
    public List<Group> list() {
        return db.read(groups::all);
    }

    /**
     * One page of the groups, by name, whose name or display name contains {@code search} (null or empty: all);
     * at most {@link #MAX_PAGE}.
     */
    public List<Group> page(String search, int limit, int offset) {
        String needle = search == null ? "" : search.strip();
        int n = Math.max(0, Math.min(limit, MAX_PAGE));
        int from = Math.max(0, offset);
        return n == 0 ? List.of() : db.read(c -> groups.page(c, needle, n, from));
    }

    public List<String> members(String name) {
        return db.read(c -> groups.memberLogins(c, existing(c, name).id()));
    }

    public List<Group> groupsOf(long userId) {
        return db.read(c -> groups.ofUser(c, userId));
    }

    private Group existing(java.sql.Connection c, String name) throws java.sql.SQLException {
        Group g = groups.byName(c, name);
        if (g == null) {
            throw new GroupException(Refusal.NOT_FOUND, "no such group " + Echo.quoted(name));
        }
        return g;
    }

    private Account user(java.sql.Connection c, String login) throws java.sql.SQLException {
        Account a = users.byLogin(c, login);
        if (a == null) {
            throw new GroupException(Refusal.NOT_FOUND, "no such user " + Echo.quoted(login));
        }
        return a;
    }

    /** The display name to keep: the given one stripped, or the id when none is given. */
    private static String shown(String name, String displayName) {
        String shown = displayName == null || displayName.isBlank() ? name : displayName.strip();
        if (shown.length() > 255 || shown.chars().anyMatch(Character::isISOControl)) {
            throw new GroupException("the display name must have at most 255 characters and no control characters");
        }
        return shown;
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.endsWith(" ")) {
            throw new GroupException(
                    "invalid group name " + Echo.quoted(name) + ": use 1-64 letters, digits, spaces, '.', '_',"
                            + " '-' or '@', starting with a letter, digit or '_'");
        }
    }

    private static RuntimeException duplicate(StoreException e, String name) {
        return e.isDuplicateKey()
                ? new GroupException(Refusal.CONFLICT, "group " + Echo.quoted(name) + " already exists")
                : e;
    }
}
