package org.kiste.files;

import java.io.IOException;
import java.util.List;
import org.kiste.blob.BlobMissingException;
import org.kiste.blob.BlobReader;
import org.kiste.model.BadRequestException;
import org.kiste.model.ConflictException;
import org.kiste.model.DavLock;
import org.kiste.model.FilePath;
import org.kiste.model.FileVersion;
import org.kiste.model.Node;
import org.kiste.model.NotFoundException;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.store.ContentWrite;
import org.kiste.store.NewContentRows;
import org.kiste.store.SpaceRepository.Space;
import org.kiste.store.VersionRepository;

/**
 * The versions of a file, as whoever reaches the file sees them: anyone who may read it lists and reads them; naming,
 * deleting and restoring one needs the write right, and a restore is a write of the file like a PUT (its locks
 * apply, and the content it replaces becomes a version). A file is named by its id, and must be live in the
 * principal's tree (a file in a trash bin keeps its versions, but shows them once it is restored). Link visitors
 * have no versions.
 */
public final class Versions {
    /** The longest name a version may have, in characters. */
    public static final int MAX_LABEL = 250;

    private final Core core;
    private final Places places;
    private final WriteLocks locks;
    private final Reads reads;
    private final VersionRepository rows;

    Versions(Core core, Places places, WriteLocks locks, Reads reads, VersionRepository rows) {
        this.core = core;
        this.places = places;
        this.locks = locks;
        this.reads = reads;
        this.rows = rows;
    }

    /** A file the principal may read and its versions, newest first. */
    public record Listing(Resolved file, List<FileVersion> versions) {}

    /** The file with this id in the principal's tree; 404 when they cannot reach it, or it is a folder. */
    public Resolved file(Principal p, long fileId) {
        if (p.isLinkVisitor()) {
            throw new NotFoundException("no versions here");
        }
        Resolved r = reads.locate(p, fileId).orElseThrow(() -> new NotFoundException("no such file"));
        if (r.isFolder()) {
            throw new NotFoundException("a folder has no versions");
        }
        r.perms().require(Perms.READ, "read");
        return r;
    }

    public Listing list(Principal p, long fileId) {
        Resolved r = file(p, fileId);
        return new Listing(r, core.db.read(c -> rows.of(c, r.id())));
    }

    /** A file the principal may read and one of its versions. */
    public record One(Resolved file, FileVersion version) {}

    /** One version of a file the principal may read; 404 when there is none by that name. */
    public One find(Principal p, long fileId, long revision) {
        Resolved r = file(p, fileId);
        FileVersion v = core.db.read(c -> rows.find(c, r.id(), revision));
        if (v == null) {
            throw new NotFoundException("no such version");
        }
        return new One(r, v);
    }

    /**
     * A version's content, opened like a file's (under its blob row's shared lock, so expiry and the collector cannot
     * take it from under the reader) and checked to be there with its recorded size; null when empty.
     */
    public BlobReader open(FileVersion v) throws IOException {
        if (v.blobId() == null) {
            return null;
        }
        if (v.key() == null) {
            throw new BlobMissingException("#" + v.blobId());
        }
        return Reads.sized(core, v.blobId(), v.key(), v.size());
    }

    /**
     * Makes a version the file's content again: a write of the file like a PUT (the write right, its locks unless
     * {@code pre} submits their tokens, its space's quota), which keeps the file's id, takes the version's modification
     * time, and keeps the content it replaces as a version. The restored version is then the current content and
     * no longer listed.
     */
    public Node restore(Principal p, long fileId, long revision, Precondition pre) {
        return write(p, fileId, (c, at, folder, current) -> {
            at.perms().require(Perms.WRITE, "restore a version");
            requireUnlocked(c, at, folder, current, p, pre);
            pre.check(current);
            FileVersion v = rows.lock(c, current.id(), revision);
            if (v == null) {
                throw new NotFoundException("no such version");
            }
            if (v.blobId() != null && !rows.holdBlob(c, v.blobId())) {
                throw new ConflictException("the version's content is gone");
            }
            Space space = at.space();
            core.quota.require(c, space, v.size() - current.size());
            long now = System.currentTimeMillis();
            ContentWrite write = new ContentWrite(
                    space.id(),
                    v.mtime(),
                    now,
                    Core.newEtag(),
                    v.mime() != null ? v.mime() : current.mime(),
                    p.userId(),
                    folder.chain());
            if (!NewContentRows.replace(
                    c,
                    v.blobId(),
                    new NewContentRows.Replacement(
                            current.id(), current.etag(), v.size(), v.size() - current.size(), write),
                    VersionRecorder.rowsAuthor(current, v.blobId(), p))) {
                throw new ConflictException("the file was replaced meanwhile");
            }
            rows.delete(c, v.id());
            Node after = core.nodes.byId(c, current.id());
            core.contentHook.replaced(c, current, after, p);
            return after;
        });
    }

    /**
     * Names a version (an empty or blank label takes the name away); the write right is needed, and the file's locks
     * apply unless {@code pre} submits their tokens.
     */
    public void label(Principal p, long fileId, long revision, String label, Precondition pre) {
        String l = label == null ? "" : label.strip();
        if (l.length() > MAX_LABEL || l.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new BadRequestException(
                    "a version label has at most " + MAX_LABEL + " characters, none of them control characters");
        }
        write(p, fileId, (c, at, folder, current) -> {
            at.perms().require(Perms.WRITE, "name a version");
            requireUnlocked(c, at, folder, current, p, pre);
            FileVersion v = rows.lock(c, current.id(), revision);
            if (v == null) {
                throw new NotFoundException("no such version");
            }
            rows.label(c, v.id(), l);
            return current;
        });
    }

    /**
     * Deletes a version for good (its bytes go when nothing else names them); the right to delete the file is needed,
     * as for the file itself, and the file's locks apply unless {@code pre} submits their tokens.
     */
    public void delete(Principal p, long fileId, long revision, Precondition pre) {
        write(p, fileId, (c, at, folder, current) -> {
            at.perms().require(Perms.DELETE, "delete a version");
            requireUnlocked(c, at, folder, current, p, pre);
            FileVersion v = rows.lock(c, current.id(), revision);
            if (v == null) {
                throw new NotFoundException("no such version");
            }
            rows.delete(c, v.id());
            return current;
        });
    }

    /** The file's locks (and those of the folders above it) bar changes without their tokens. */
    private void requireUnlocked(
            java.sql.Connection c, UserTree.Place at, Resolved folder, Node current, Principal p, Precondition pre)
            throws java.sql.SQLException {
        List<DavLock> active = core.lockRules.active(c, at.space().id());
        core.lockRules.requireUnlocked(
                c, active, Resolved.append(folder.chain(), current.id()), false, p, pre.lockTokens());
    }

    @FunctionalInterface
    private interface FileWork {
        Node run(java.sql.Connection c, UserTree.Place at, Resolved folder, Node current) throws java.sql.SQLException;
    }

    /** A transaction on the file, its row locked first (as a PUT locks it), then checked, then changed. */
    private Node write(Principal p, long fileId, FileWork work) {
        Resolved r = file(p, fileId);
        FilePath path = r.path();
        UserTree.Place at = places.place(p, path);
        String name = at.inSpace().last();
        return core.write(at.space(), c -> {
            Resolved folder = locks.folderOf(c, at, path);
            Node current = locks.entry(c, folder, name);
            if (current == null || current.id() != fileId || current.isFolder()) {
                throw new ConflictException("the file was moved meanwhile");
            }
            return work.run(c, at, folder, current);
        });
    }
}
