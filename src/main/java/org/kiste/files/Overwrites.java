package org.kiste.files;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.kiste.model.ConflictException;
import org.kiste.model.DavLock;
import org.kiste.model.FilePath;
import org.kiste.model.ForbiddenException;
import org.kiste.model.Node;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.store.ChangeJournal;
import org.kiste.store.ContentWrite;
import org.kiste.store.NewContentRows;
import org.kiste.store.SpaceRepository.Space;

/**
 * What a MOVE or COPY with {@code Overwrite: T} does to an existing destination. A file over a file replaces only
 * the destination's content, as a PUT does: the destination keeps its id, shares, links, favourites and locks, and
 * the replaced content goes where a PUT's would ({@link ContentHook}); this is how office applications save (a
 * temporary file moved over the document). A folder, or a file replaced by a folder, is replaced whole: the old
 * destination goes to the trash, and a lock on it stays with what now lies at its URL (RFC 4918 §9.9).
 */
final class Overwrites {
    private final Core core;

    Overwrites(Core core) {
        this.core = core;
    }

    static void checkTransfer(FilePath from, FilePath to) {
        if (from.isRoot() || to.isRoot()) {
            throw new ForbiddenException("the root folder cannot be moved, copied or replaced");
        }
        if (from.equals(to)) {
            throw new ForbiddenException("source and destination are the same");
        }
        if (to.isWithin(from)) {
            throw new ForbiddenException("destination lies inside the source");
        }
        if (from.isWithin(to)) {
            throw new ForbiddenException("the destination contains the source");
        }
    }

    /**
     * Points the existing file {@code dst} (locked) at the content of {@code src}; checks the write right and the
     * destination space's quota ({@code freed}: bytes the same write removes from that space, a MOVE's source).
     * Returns the destination as it is now.
     */
    Node replaceContent(
            Connection c, Principal p, Space dstSpace, Resolved dstFolder, Node dst, Node src, long freed, long now)
            throws SQLException {
        dstFolder.perms().require(Perms.WRITE, "replace the destination's content");
        core.quota.require(c, dstSpace, src.size() - dst.size() - freed);
        String etag = Core.newEtag();
        Long blobId = src.blob() == null ? null : src.blob().id();
        ContentWrite write =
                new ContentWrite(dstSpace.id(), src.mtime(), now, etag, dst.mime(), p.userId(), dstFolder.chain());
        if (!NewContentRows.replace(
                c,
                blobId,
                new NewContentRows.Replacement(dst.id(), dst.etag(), src.size(), src.size() - dst.size(), write),
                VersionRecorder.rowsAuthor(dst, blobId, p))) {
            throw new ConflictException("the destination was replaced meanwhile");
        }
        Node after = core.nodes.byId(c, dst.id());
        core.contentHook.replaced(c, dst, after, p);
        return after;
    }

    /** Removes the source of a MOVE whose content went into an existing file (with its locks and properties). */
    void consume(Connection c, Space space, Resolved srcFolder, Node src, List<DavLock> active, Principal p, long now)
            throws SQLException {
        long props = core.propBytes.ofNode(c, src.id());
        if (!core.nodes.removeFile(c, src.id(), WriteLocks.placement(srcFolder, src))) {
            throw new ConflictException("the source was moved meanwhile");
        }
        core.propBytes.add(c, space.id(), -props);
        ChangeJournal.record(
                c, space.id(), src.id(), ChangeJournal.DELETE, p.userId(), srcFolder.chain(), -src.size(), now);
    }

    /**
     * Sends the existing destination to the trash before something else takes its name; locks below it are
     * released, those rooted at it the caller hands to the newcomer ({@link #carryLocks}).
     */
    void replaceWhole(
            Connection c,
            Principal p,
            Space dstSpace,
            Resolved dstFolder,
            Node existing,
            List<DavLock> dstActive,
            long now)
            throws SQLException {
        dstFolder.perms().require(Perms.DELETE, "replace the destination");
        core.lockRules.releaseBelow(c, dstActive, existing.id());
        long props = core.propBytes.ofTree(c, dstSpace.id(), existing);
        if (!core.trash.detach(
                c,
                existing.id(),
                WriteLocks.placement(dstFolder, existing),
                dstSpace.trashNodeId(),
                existing.size(),
                p.userId(),
                now)) {
            throw new ConflictException("the destination was moved meanwhile");
        }
        core.propBytes.add(c, dstSpace.id(), -props);
        ChangeJournal.record(
                c,
                dstSpace.id(),
                existing.id(),
                ChangeJournal.DELETE,
                p.userId(),
                dstFolder.chain(),
                -existing.size(),
                now);
    }

    /** The locks rooted at a replaced destination now cover what took its place. */
    void carryLocks(Connection c, List<DavLock> dstActive, Node replaced, long newcomer, Space dstSpace)
            throws SQLException {
        core.lockRules.carryOver(c, dstActive, replaced.id(), newcomer, dstSpace.id());
    }
}
