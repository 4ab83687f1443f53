package org.kiste.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.kiste.blob.Digests;
import org.kiste.blob.LengthMismatchException;
import org.kiste.blob.StagedBlob;
import org.kiste.blob.TooLargeException;
import org.kiste.model.AlreadyExistsException;
import org.kiste.model.BadRequestException;
import org.kiste.model.ConflictException;
import org.kiste.model.DavLock;
import org.kiste.model.FilePath;
import org.kiste.model.InsufficientStorageException;
import org.kiste.model.Node;
import org.kiste.model.NodeKind;
import org.kiste.model.Perms;
import org.kiste.model.Principal;
import org.kiste.store.BlobRepository;
import org.kiste.store.ContentWrite;
import org.kiste.store.NewContentRows;
import org.kiste.store.NewFileRows;
import org.kiste.store.NodeLocks;
import org.kiste.store.SpaceRepository.Space;
import org.kiste.store.StoreException;
import org.kiste.store.Walk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path of file content (PUT, chunk assembly, link uploads): early refusals before a body worth sparing
 * is read, the body streamed into the blob store, the blob made durable while the transaction's statements run, and
 * the commit only after that ("bytes durable, then metadata"). Bytes are never deleted here: a blob no commit
 * names is recorded for the garbage collector, or found by its sweep.
 */
final class Uploads {
    private static final Logger log = LoggerFactory.getLogger(Uploads.class);
    /** Uploads at least this large get a pending blob row first, so a crash mid-upload leaves a findable orphan. */
    private static final long PENDING_ROW_THRESHOLD = 1 << 20;

    private static final long EARLY_CHECK_BYTES = 64 * 1024;

    private final Core core;
    private final Places places;
    private final WriteLocks locks;
    /** Threads that wait in fsync: blocking, so many, so that concurrent uploads queue their flushes together. */
    private final ExecutorService durability = Executors.newFixedThreadPool(32, r -> {
        Thread t = new Thread(r, "kiste-fsync");
        t.setDaemon(true);
        return t;
    });

    Uploads(Core core, Places places, WriteLocks locks) {
        this.core = core;
        this.places = places;
        this.locks = locks;
    }

    /**
     * Stores a file: body → durable blob (no transaction open), then one transaction that locks the target, evaluates
     * {@code pre} against it, points the node at the blob and journals the change.
     *
     * @param length   announced body length or -1 (chunked)
     * @param mtime    client-supplied modification time in ms, or null for now
     * @param withCommit more work for the same transaction (chunk assembly removes its transfer), run after the
     *                 target is locked and before the quota is decided; null for none
     */
    WriteResult put(
            Principal p,
            FilePath path,
            InputStream body,
            long length,
            Long mtime,
            String clientType,
            Precondition pre,
            Checksum expected,
            CommitStep withCommit)
            throws IOException {
        return commit(prepare(p, path, body, length, mtime, clientType, pre, expected, withCommit));
    }

    /**
     * The first half of {@link #put}: the early refusals, then the body received into a staged blob, which starts
     * becoming durable in the background. Nothing is decided yet: {@link #commit} does that in its transaction, and
     * {@link #discard} leaves the blob to the garbage collector when no commit follows.
     */
    PreparedUpload prepare(
            Principal p,
            FilePath path,
            InputStream body,
            long length,
            Long mtime,
            String clientType,
            Precondition pre,
            Checksum expected,
            CommitStep withCommit)
            throws IOException {
        if (path.isRoot() && !p.isLinkToFile()) {
            throw new ConflictException("cannot write to the root folder");
        }
        UserTree.Place at = places.place(p, path);
        if (at.isMountPoint() && !at.mount().file()) {
            throw new AlreadyExistsException("a folder exists at " + path);
        }
        Space space = at.space();
        Perms perms = at.perms();
        FilePath inSpace = at.inSpace();
        Node existing = null;
        // Answer refusals before reading a body worth sparing; a small unconditional upload skips this round
        // trip, since the transaction below decides everything again anyway.
        if (length < 0 || length > EARLY_CHECK_BYTES || pre != Precondition.NONE || space.quotaBytes() >= 0) {
            Walk w = core.db.read(c -> core.nodes.walk(c, at.start(), inSpace.names()));
            if (!w.parentExists(inSpace.depth())) {
                throw new ConflictException("parent folder of " + path + " does not exist");
            }
            existing = w.complete(inSpace.depth()) ? w.node() : null;
            if (existing != null && existing.isFolder()) {
                throw new AlreadyExistsException("a folder exists at " + path);
            }
            pre.check(existing);
            perms.require(existing == null ? Perms.CREATE : Perms.WRITE, "write here");
        }
        long room = core.quota.room(
                space,
                (existing == null ? 0 : existing.size()) + (withCommit == null ? 0 : withCommit.frees(space.id())));
        if (length >= 0 && length > room) {
            throw new InsufficientStorageException(
                    "not enough space: " + length + " bytes needed, " + room + " available", space.quotaBytes() >= 0);
        }
        Staged staged = receive(body, length, room, expected, space);
        StagedBlob blob = staged == null ? null : staged.blob();
        // The blob becomes durable (fsync, rename, fsync of the directory) while the transaction's statements
        // run; the transaction commits only after that, so the order "bytes durable, then metadata" holds.
        // A small file's bytes (inline) are written with its row, in the transaction: nothing to wait for here.
        CompletableFuture<Void> durable = blob == null || blob.inline()
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(
                        () -> {
                            try {
                                core.blobs.persist(blob);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        },
                        durability);
        return new PreparedUpload(
                p,
                path,
                at,
                mtime,
                MimeTypes.forName(inSpace.last(), clientType),
                pre,
                withCommit,
                staged,
                durable,
                room);
    }

    /**
     * The second half of {@link #put}: one transaction that locks the target, evaluates the precondition against
     * it, checks permissions, locks and quota, points the node at the blob and journals the change; it commits only
     * once the blob is durable.
     */
    WriteResult commit(PreparedUpload up) {
        Principal p = up.principal;
        FilePath path = up.path;
        UserTree.Place at = up.at;
        Space space = at.space();
        Perms perms = at.perms();
        FilePath inSpace = at.inSpace();
        Precondition pre = up.pre;
        CommitStep withCommit = up.withCommit;
        Staged staged = up.staged;
        StagedBlob blob = staged == null ? null : staged.blob();
        CompletableFuture<Void> durable = up.durable;
        String mime = up.mime;
        long now = System.currentTimeMillis();
        long modified = up.mtime != null ? up.mtime : now;
        // stored content this upload brought an MD5 for: recorded after the commit where its row has none (recordMd5)
        AtomicLong md5For = new AtomicLong();
        WriteResult result;
        try {
            result = core.writeName(space, space, c -> {
                md5For.set(0); // a deadlock runs the transaction again
                // content this process met lately is looked up with the entry's lock, in its round trip; a large
                // upload's pending row is published as before (publish looks it up first)
                boolean likelyStored = blob != null && staged.pendingId() == null && core.blobRows.likelyStored(blob);
                WriteLocks.FolderEntry locked = locks.folderAndEntry(
                        c, at, path, inSpace.last(), space.id(), likelyStored ? blob.sha256() : null);
                Resolved folder = locked.folder();
                NodeLocks.EntryWithLocks entry = locked.entry();
                Node current = entry.entry();
                if (current != null && current.isFolder()) {
                    throw new AlreadyExistsException("a folder exists at " + path);
                }
                pre.check(current);
                perms.require(current == null ? Perms.CREATE : Perms.WRITE, "write here");
                List<DavLock> active = entry.davLocks();
                core.lockRules.requireUnlocked(
                        c,
                        active,
                        current == null ? folder.chain() : Resolved.append(folder.chain(), current.id()),
                        false,
                        p,
                        pre.lockTokens());
                if (withCommit != null) {
                    withCommit.run(c);
                }
                long size = blob == null ? 0 : blob.size();
                core.quota.require(c, space, size - (current == null ? 0 : current.size()));
                Long blobId = null;
                boolean duplicate = false;
                String etag = Core.newEtag();
                long id = 0;
                boolean stored = false;
                ContentWrite write =
                        new ContentWrite(space.id(), modified, now, etag, mime, p.userId(), folder.chain());
                NewFileRows.NewFile file =
                        current != null ? null : new NewFileRows.NewFile(folder.id(), inSpace.last(), write);
                NewContentRows.Replacement replacement = current == null
                        ? null
                        : new NewContentRows.Replacement(
                                current.id(), current.etag(), size, size - current.size(), write);
                Long storedBlob = entry.storedBlob();
                if (blob != null && storedBlob == null && staged.pendingId() == null) {
                    // new content: its blob row and the file's rows in one round trip; stored after all (a
                    // concurrent upload of it committed first): refused before anything is written, published below
                    if (file != null) {
                        NewFileRows.Ids ids = NewFileRows.insert(c, blob, file);
                        if (ids != null) {
                            blobId = ids.blobId();
                            id = ids.nodeId();
                            stored = true;
                        }
                    } else {
                        NewContentRows.Replaced r = NewContentRows.replace(
                                c, blob, replacement, VersionRecorder.rowsAuthor(current, null, p)); // a new blob
                        if (r != null) {
                            requireUpdated(r.updated(), path);
                            blobId = r.blobId();
                            id = current.id();
                            stored = true;
                        }
                    }
                }
                if (!stored) {
                    // stored content, or none: the file's rows in one round trip
                    if (blob != null) {
                        BlobRepository.Published pub = storedBlob != null
                                ? core.blobRows.reference(c, blob, staged.pendingId(), storedBlob)
                                : core.blobRows.publish(c, blob, staged.pendingId());
                        blobId = pub.id();
                        duplicate = pub.duplicate();
                        md5For.set(pub.duplicate() && blob.md5() != null ? blobId : 0);
                    }
                    if (file != null) {
                        id = NewFileRows.insertNode(c, blobId, size, file);
                    } else {
                        requireUpdated(
                                NewContentRows.replace(
                                        c, blobId, replacement, VersionRecorder.rowsAuthor(current, blobId, p)),
                                path);
                        id = current.id();
                    }
                }
                Node.Blob b = blob == null
                        ? null
                        : new Node.Blob(blobId, duplicate ? null : blob.key(), blob.sha256(), blob.sha1(), blob.md5());
                Node written = new Node(
                        id,
                        space.id(),
                        folder.id(),
                        inSpace.last(),
                        NodeKind.FILE,
                        size,
                        modified,
                        now,
                        current == null ? now : current.createdAt(),
                        etag,
                        mime,
                        b);
                if (current != null) {
                    core.contentHook.replaced(c, current, written, p);
                }
                awaitDurable(durable);
                return new WriteResult(written, current == null);
            });
        } catch (RuntimeException e) {
            if (staged != null) {
                abandon(staged, durable, e);
            }
            throw e;
        }
        if (md5For.get() != 0) {
            core.blobRows.recordMd5(core.db, md5For.get(), blob.md5());
        }
        return result;
    }

    /** The file's row had another etag than the one read under its lock: nothing of the write may stay. */
    private static void requireUpdated(boolean updated, FilePath path) {
        if (!updated) {
            throw new ConflictException("the file " + path + " was replaced meanwhile");
        }
    }

    /** A prepared upload no commit will follow: its blob goes to the garbage collector. */
    void discard(PreparedUpload up) {
        if (up.staged != null) {
            abandon(up.staged, up.durable, null);
        }
    }

    /** A received blob and the pending row recorded for it before its bytes (large or unannounced uploads), if any. */
    record Staged(StagedBlob blob, Long pendingId) {}

    /**
     * Streams the body into a staged blob; null for an empty body. A refused body (too long, too short, not what
     * its checksum says) leaves its bytes to the garbage collector.
     */
    private Staged receive(InputStream body, long length, long room, Checksum expected, Space space)
            throws IOException {
        if (length == 0) {
            requireChecksum(expected);
            return null;
        }
        String key = core.blobs.newKey();
        Long pendingId = null;
        if (length < 0 || length >= PENDING_ROW_THRESHOLD) {
            pendingId = core.db.tx(c -> core.blobRows.insertPending(c, key));
        }
        StagedBlob received;
        try {
            received = core.blobs.receive(
                    key,
                    body,
                    length,
                    room,
                    expected != null && expected.type() == Checksum.Type.MD5 ? Digests.FILE_AND_MD5 : Digests.FILE);
        } catch (TooLargeException e) {
            forget(new Staged(new StagedBlob(key, 0, null, null, null), pendingId), true);
            throw new InsufficientStorageException(e.getMessage(), space.quotaBytes() >= 0);
        } catch (org.kiste.blob.DiskFullException e) {
            forget(new Staged(new StagedBlob(key, 0, null, null, null), pendingId), true);
            throw new InsufficientStorageException(e.getMessage(), false);
        } catch (LengthMismatchException e) {
            forget(new Staged(new StagedBlob(key, 0, null, null, null), pendingId), true);
            throw new BadRequestException(e.getMessage());
        } catch (IOException | RuntimeException e) {
            forget(new Staged(new StagedBlob(key, 0, null, null, null), pendingId), true);
            throw e;
        }
        Staged staged = new Staged(received, pendingId);
        if (received.size() == 0) {
            forget(staged, true);
            requireChecksum(expected);
            return null;
        }
        if (expected != null && !expected.matches(received.sha256(), received.sha1(), received.md5(), false)) {
            forget(staged, true);
            throw new BadRequestException("the content does not match the announced " + expected.type() + " checksum");
        }
        return staged;
    }

    /** An empty body against an announced checksum. */
    private static void requireChecksum(Checksum expected) {
        if (expected != null && !expected.matches(null, null, null, true)) {
            throw new BadRequestException("the content does not match the announced " + expected.type() + " checksum");
        }
    }

    /** The transaction did not take effect, or may not have: the blob goes to the garbage collector, never away here. */
    private void abandon(Staged staged, CompletableFuture<Void> durable, RuntimeException cause) {
        try {
            durable.join(); // the rename must be done (or have failed) before the collector may look at the key
        } catch (RuntimeException ignored) {
            // persisting failed: the key names a part file at most, which the collector finds as well
        }
        boolean unknown = cause instanceof StoreException s && s.outcomeUnknown(); // null: never committed
        forget(staged, !unknown);
    }

    /**
     * Records a staged blob no metadata will name, for the garbage collector; when even that fails (the database is
     * down), its sweep finds the bytes later. With {@code surelyUnused} false the blob may have been committed after
     * all: it is then only recorded as pending, and a key some row names already stays as it is.
     */
    private void forget(Staged staged, boolean surelyUnused) {
        if (staged.blob().inline()) {
            return; // its bytes were in this request's memory and in no row but the transaction's own
        }
        String key = staged.blob().key();
        try {
            core.db.tx(c -> {
                if (staged.pendingId() != null && surelyUnused) {
                    core.blobRows.discard(c, key, staged.blob().size(), staged.pendingId());
                } else if (staged.pendingId() == null) {
                    core.blobRows.abandon(c, key, surelyUnused);
                }
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("blob {} is left for the collector's sweep: {}", key, e.getMessage());
        }
    }

    private static void awaitDurable(CompletableFuture<Void> durable) {
        try {
            durable.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
