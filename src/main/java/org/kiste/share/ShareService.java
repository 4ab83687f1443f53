package org.kiste.share;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kiste.audit.AuditLog;
import org.kiste.auth.PasswordHasher;
import org.kiste.files.FilesService;
import org.kiste.files.Resolved;
import org.kiste.model.Account;
import org.kiste.model.BadRequestException;
import org.kiste.model.FilePath;
import org.kiste.model.ForbiddenException;
import org.kiste.model.Group;
import org.kiste.model.MountInfo;
import org.kiste.model.NotFoundException;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.model.Share;
import org.kiste.model.SharePermissions;
import org.kiste.model.ShareType;
import org.kiste.store.Database;
import org.kiste.store.GroupRepository;
import org.kiste.store.LockRepository;
import org.kiste.store.ShareRepository;
import org.kiste.store.UserRepository;

/**
 * Sharing: a user shares an item of their tree with a user, a group or by public link. The sharer needs the share
 * right on the item (the owner of a home; a team folder's manager; a recipient whose share carries the share bit),
 * and a share never grants more than the sharer has there: resharing never escalates. A file share never carries
 * create or delete. Every create, change and delete is recorded in the audit trail in its own transaction.
 * Refusals are {@link BadRequestException} (400), {@link ForbiddenException} (403), {@link NotFoundException} (404).
 */
public final class ShareService {
    private static final int MAX_LABEL = 255;
    private static final int MAX_NOTE = 4000;

    private final Database db;
    private final FilesService files;
    private final AuditLog audit;
    private final ShareRepository shares = new ShareRepository();
    private final UserRepository users = new UserRepository();
    private final GroupRepository groups = new GroupRepository();
    private final LockRepository lockRows = new LockRepository();
    private final PasswordHasher hasher;
    private final ShareMounts mounts;
    private final ShareListings listings;

    public ShareService(Database db, FilesService files, AuditLog audit, ShareMounts mounts, PasswordHasher hasher) {
        this.mounts = mounts;
        this.hasher = hasher;
        this.db = db;
        this.files = files;
        this.audit = audit;
        this.listings = new ShareListings(db, files);
    }

    // ---- the sharer's side ------------------------------------------------------------------------------------

    public Share create(Principal p, ShareRequest r) {
        if (p.isLinkVisitor()) {
            throw new ForbiddenException("a link's visitor cannot share");
        }
        if (r.path() == null || r.path().isRoot()) {
            throw new NotFoundException("Please specify a file or folder path");
        }
        Resolved item = files.find(p, r.path())
                .orElseThrow(() -> new NotFoundException("Wrong path, file/folder does not exist"));
        if (!item.perms().can(Perms.SHARE)) {
            throw new ForbiddenException(
                    "You are not allowed to share " + r.path().last());
        }
        boolean folder = item.isFolder();
        int allowed = SharePermissions.fromPerms(item.perms(), folder);
        int bits = initialBits(r, folder);
        if ((bits & ~allowed) != 0) {
            throw new ForbiddenException(
                    "Cannot increase permissions of " + r.path().last());
        }
        Long parentId = item.mount() != null && item.mount().kind() == MountInfo.Kind.SHARED
                ? item.mount().shareId()
                : null;
        String label = limit(r.label(), MAX_LABEL, "label");
        String note = limit(r.note(), MAX_NOTE, "note");
        LocalDate expires = r.expireDate();
        if (expires != null && expires.isBefore(today())) {
            throw new BadRequestException("Expiration date is in the past");
        }
        Share created = db.tx(c -> {
            // the item stays where it is (not trashed, not moved) until the share is made
            files.holdLive(c, item.id());
            Long withUser = null;
            Long withGroup = null;
            String token = null;
            String hash = null;
            String target;
            switch (r.type()) {
                case USER -> {
                    Account a = r.shareWith() == null ? null : users.byLogin(c, r.shareWith());
                    if (a == null || !a.enabled()) {
                        throw new NotFoundException("Please specify a valid user");
                    }
                    if (a.id() == p.userId() || a.homeSpaceId() == item.node().spaceId()) {
                        throw new BadRequestException("Cannot share with the owner of the item");
                    }
                    if (shares.exists(c, p.userId(), item.id(), ShareType.USER, a.id())) {
                        throw new ForbiddenException("Path is already shared with this user");
                    }
                    withUser = a.id();
                    target = "user:" + a.login();
                }
                case GROUP -> {
                    Group g = r.shareWith() == null ? null : groups.byName(c, r.shareWith());
                    if (g == null) {
                        throw new NotFoundException("Please specify a valid group");
                    }
                    if (shares.exists(c, p.userId(), item.id(), ShareType.GROUP, g.id())) {
                        throw new ForbiddenException("Path is already shared with this group");
                    }
                    withGroup = g.id();
                    target = "group:" + g.name();
                }
                case LINK -> {
                    token = LinkTokens.next();
                    hash = r.password() == null || r.password().isEmpty() ? null : hash(r.password());
                    target = "link";
                }
                default -> throw new BadRequestException("Unknown share type");
            }
            Share s = new Share(
                    0,
                    r.type(),
                    p.userId(),
                    p.login(),
                    p.displayName(),
                    item.node().spaceId(),
                    item.id(),
                    folder,
                    withUser,
                    withGroup,
                    null,
                    null,
                    bits,
                    token,
                    hash,
                    expires,
                    label,
                    note,
                    false,
                    parentId,
                    Instant.now());
            long id = shares.insert(c, s);
            Share stored = shares.byId(c, id);
            String itemName = item.node().name(); // as the sharer sees it
            if (withUser != null) {
                mounts.placeNew(c, withUser, stored, itemName);
            } else if (withGroup != null) {
                for (long member : shares.groupMemberIds(c, withGroup)) {
                    if (member != p.userId()) {
                        mounts.placeNew(c, member, stored, itemName);
                    }
                }
            }
            audit.record(
                    c,
                    p.login(),
                    "share.create",
                    p.login() + ":" + r.path(),
                    target,
                    detail(id, r.type(), bits, "expires", expires));
            return shares.byId(c, id);
        });
        files.mountsChanged();
        return created;
    }

    /** The permission bits a new share gets: the request's, or the default for its kind, trimmed for files. */
    private static int initialBits(ShareRequest r, boolean folder) {
        int bits;
        if (r.type() == ShareType.LINK) {
            if (r.permissions() != null) {
                bits = r.permissions();
            } else if (Boolean.TRUE.equals(r.publicUpload())) {
                bits = SharePermissions.READ_WRITE_LINK;
            } else {
                bits = SharePermissions.READ;
            }
            if (Boolean.TRUE.equals(r.publicUpload()) && !folder) {
                throw new BadRequestException("Public upload is only possible for publicly shared folders");
            }
            bits &= ~SharePermissions.SHARE; // a link's visitor cannot reshare
        } else {
            bits = r.permissions() == null ? SharePermissions.ALL : r.permissions();
        }
        if (bits <= 0 || bits > SharePermissions.ALL) {
            throw new BadRequestException("Invalid permissions");
        }
        if (!folder) {
            // a single file has no children to create or delete
            bits &= ~(SharePermissions.CREATE | SharePermissions.DELETE);
        }
        checkShape(r.type(), bits, folder);
        return bits;
    }

    /** Read is required, except for a folder link's upload-only drop (create only). */
    private static void checkShape(ShareType type, int bits, boolean folder) {
        if ((bits & SharePermissions.READ) == 0
                && !(type == ShareType.LINK && folder && bits == SharePermissions.CREATE)) {
            throw new BadRequestException("Share must at least have READ or CREATE permissions");
        }
    }

    public Share update(Principal p, long id, ShareUpdate u) {
        Share s = ownShare(p, id);
        if (u.isEmpty()) {
            throw new BadRequestException("Wrong or no update parameter given");
        }
        boolean newBits = u.publicUpload() != null || u.permissions() != null;
        int bits = s.permissions();
        if (u.publicUpload() != null) {
            if (s.type() != ShareType.LINK || !s.folder()) {
                throw new BadRequestException("Public upload is only possible for publicly shared folders");
            }
            bits = u.publicUpload() ? SharePermissions.READ_WRITE_LINK : SharePermissions.READ;
        }
        if (u.permissions() != null) {
            bits = u.permissions();
            if (bits <= 0 || bits > SharePermissions.ALL) {
                throw new BadRequestException("Invalid permissions");
            }
            if (!s.folder() && (bits & (SharePermissions.CREATE | SharePermissions.DELETE)) != 0) {
                throw new BadRequestException("File shares cannot have create or delete permissions");
            }
            if (s.type() == ShareType.LINK) {
                bits &= ~SharePermissions.SHARE;
            }
            checkShape(s.type(), bits, s.folder());
        }
        if (bits != s.permissions()) {
            Resolved item = files.locate(p, s.nodeId())
                    .orElseThrow(() -> new NotFoundException("Wrong share ID, share does not exist"));
            int allowed = SharePermissions.fromPerms(item.perms(), s.folder());
            if (!item.perms().can(Perms.SHARE) || (bits & ~allowed) != 0) {
                throw new ForbiddenException("Cannot increase permissions");
            }
        }
        String newHash = null;
        if (u.password() != null) {
            if (s.type() != ShareType.LINK) {
                throw new BadRequestException("Only links have passwords");
            }
            newHash = u.password().isEmpty() ? null : hash(u.password());
        }
        if (u.expireDate() != null
                && u.expireDate().isPresent()
                && u.expireDate().get().isBefore(today())) {
            throw new BadRequestException("Expiration date is in the past");
        }
        String newLabel = u.label() == null ? null : limit(u.label(), MAX_LABEL, "label");
        String newNote = u.note() == null ? null : limit(u.note(), MAX_NOTE, "note");
        int decidedBits = bits;
        String hashed = newHash;
        String subject = subject(p, s);
        Share out = db.tx(c -> {
            // the row as it is now decides what the update leaves as it was; a concurrent delete wins
            Share cur = shares.lockById(c, s.id());
            if (cur == null) {
                throw new NotFoundException("Wrong share ID, share does not exist");
            }
            int finalBits = newBits ? decidedBits : cur.permissions();
            String hash = u.password() != null ? hashed : cur.passwordHash();
            LocalDate finalExpires = u.expireDate() != null ? u.expireDate().orElse(null) : cur.expiresOn();
            Share changed = new Share(
                    cur.id(),
                    cur.type(),
                    cur.ownerUserId(),
                    cur.ownerLogin(),
                    cur.ownerDisplayName(),
                    cur.spaceId(),
                    cur.nodeId(),
                    cur.folder(),
                    cur.shareWithUserId(),
                    cur.shareWithGroupId(),
                    cur.shareWith(),
                    cur.shareWithDisplayName(),
                    finalBits,
                    cur.token(),
                    hash,
                    finalExpires,
                    newLabel == null ? cur.label() : newLabel,
                    newNote == null ? cur.note() : newNote,
                    u.hideDownload() == null ? cur.hideDownload() : u.hideDownload(),
                    cur.parentId(),
                    cur.createdAt());
            shares.update(c, changed);
            if (finalBits != cur.permissions()) {
                shares.capChildren(c, s.id(), finalBits);
            }
            Map<String, Object> d = detail(s.id(), s.type(), finalBits, "expires", finalExpires);
            if (u.password() != null) {
                d.put("password", u.password().isEmpty() ? "removed" : "set");
            }
            audit.record(c, p.login(), "share.update", subject, targetOf(s), d);
            return shares.byId(c, s.id());
        });
        files.mountsChanged();
        return out;
    }

    /**
     * Deletes a share (the owner; its reshares go with it), or, asked by a recipient of a user or group share,
     * takes it out of their own tree only.
     */
    public void delete(Principal p, long id) {
        Share s = visible(p, id);
        String subject = subject(p, s);
        if (s.ownerUserId() != p.userId()) {
            if (s.type() == ShareType.LINK) {
                throw new NotFoundException("Wrong share ID, share does not exist");
            }
            db.tx(c -> {
                shares.placeMount(c, s.id(), p.userId(), 0, null);
                audit.record(
                        c,
                        p.login(),
                        "share.leave",
                        subject,
                        targetOf(s),
                        detail(s.id(), s.type(), s.permissions(), null, null));
                return null;
            });
        } else {
            db.tx(c -> {
                if (shares.lockById(c, s.id()) == null) {
                    throw new NotFoundException("Wrong share ID, share does not exist"); // deleted meanwhile
                }
                List<Long> gone = shares.delete(c, s.id());
                for (long link : gone) {
                    // the locks taken through a revoked link go with it (a link's visitors hold them as -id)
                    lockRows.deleteHeldBy(c, -link);
                }
                Map<String, Object> d = detail(s.id(), s.type(), s.permissions(), null, null);
                if (gone.size() > 1) {
                    d.put("reshares", gone.subList(1, gone.size()));
                }
                audit.record(c, p.login(), "share.delete", subject, targetOf(s), d);
                return null;
            });
            files.mountsChanged();
            // the locks its recipients (and those of its reshares) took there go too, unless they can still write
            // there another way
            if (s.type() != ShareType.LINK) {
                files.releaseLocksWithoutWrite(s.nodeId());
            }
            return;
        }
        files.mountsChanged();
    }

    /** A share the user made or received (directly or through a group); 404 for anything else. */
    public Share get(Principal p, long id) {
        return visible(p, id);
    }

    /**
     * The shares the user made, of live items. With {@code path}: only shares of that item, or with
     * {@code subfiles} of its direct children; {@code reshares} adds the shares others made from those items.
     */
    public List<Share> mine(Principal p, FilePath path, boolean reshares, boolean subfiles) {
        return listings.mine(p, path, reshares, subfiles);
    }

    /** The user and group shares the user received and still has in their tree. */
    public List<Share> sharedWithMe(Principal p) {
        return listings.sharedWithMe(p);
    }

    /** The recipient's mount of a share (its name in their root), when they have it in their tree. */
    public Optional<MountInfo> mountOf(Principal p, Share s) {
        return listings.mountOf(p, s);
    }

    // ---- internals --------------------------------------------------------------------------------------------

    private Share ownShare(Principal p, long id) {
        Share s = visible(p, id);
        if (s.ownerUserId() != p.userId()) {
            throw new ForbiddenException("Only the owner can change a share");
        }
        return s;
    }

    private Share visible(Principal p, long id) {
        Share s = db.read(c -> shares.byId(c, id));
        if (s == null || p.isLinkVisitor()) {
            throw new NotFoundException("Wrong share ID, share does not exist");
        }
        if (s.ownerUserId() == p.userId()) {
            return s;
        }
        for (ShareRepository.Received r : db.read(c -> shares.received(c, p.userId()))) {
            if (r.share().id() == id) {
                return s;
            }
        }
        throw new NotFoundException("Wrong share ID, share does not exist");
    }

    private String hash(String password) {
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > PasswordHasher.MAX_BYTES) {
            throw new BadRequestException("The password is too long");
        }
        return hasher.hash(password);
    }

    private static String limit(String s, int max, String what) {
        if (s == null) {
            return "";
        }
        if (s.length() > max) {
            throw new BadRequestException("The " + what + " is too long");
        }
        return s;
    }

    /** What a share concerns, for the audit trail: the item's path in the actor's tree (its id when out of reach). */
    private String subject(Principal p, Share s) {
        return p.login() + ":"
                + files.locate(p, s.nodeId()).map(r -> r.path().toString()).orElse("#" + s.nodeId());
    }

    private static String targetOf(Share s) {
        return switch (s.type()) {
            case USER -> "user:" + s.shareWith();
            case GROUP -> "group:" + s.shareWith();
            case LINK -> "link";
        };
    }

    private static Map<String, Object> detail(long id, ShareType type, int bits, String key, Object value) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", id);
        d.put("type", type.code);
        d.put("permissions", bits);
        if (key != null && value != null) {
            d.put(key, value.toString());
        }
        return d;
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }
}
