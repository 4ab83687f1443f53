package org.kiste.files;

import org.kiste.model.BadRequestException;

import org.kiste.model.InsufficientStorageException;

import org.kiste.model.AlreadyExistsException;

import org.kiste.model.ConflictException;

import org.kiste.model.DavLock;

import org.kiste.model.Principal;

import org.kiste.model.Perms;

import org.kiste.model.FilePath;

import org.kiste.model.NodeKind;

import org.kiste.model.Node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.kiste.blob.BlobStore;
import org.kiste.blob.LengthMismatchException;
import org.kiste.blob.StagedBlob;
import org.kiste.blob.TooLargeException;
import org.kiste.store.BlobRepository;
import org.kiste.store.ChangeJournal;
import org.kiste.store.Database;
import org.kiste.store.NodeRepository;
import org.kiste.store.SpaceRepository.Space;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path of file content (PUT): early refusals before a body worth sparing is read, the body streamed
 * into the blob store, the blob made durable while the transaction's statements run, and the commit only after
 * that — "bytes durable, then metadata".
 */
final class Uploads {
    private static final Logger log = LoggerFactory.getLogger(Uploads.class);
    /** Uploads at least this large get a pending blob row first, so a crash mid-upload leaves a findable orphan. */
    private static final long PENDING_ROW_THRESHOLD = 1 << 20;
    private static final long EARLY_CHECK_BYTES = 64 * 1024;

    private final FilesService files;
    private final Database db;
    private final NodeRepository nodes;
    private final BlobStore blobs;
    private final BlobRepository blobRows = new BlobRepository();
    /** Threads that wait in fsync: blocking, so many, so that concurrent uploads queue their flushes together. */
    private final ExecutorService durability = Executors.newFixedThreadPool(32, r -> {
        Thread t = new Thread(r, "kiste-fsync");
        t.setDaemon(true);
        return t;
    });

    Uploads(FilesService files, BlobStore blobs) {
        this.files = files;
        this.db = files.database();
        this.nodes = files.nodes();
        this.blobs = blobs;
    }

    /**
     * Stores a file: body → durable blob (no transaction open), then one transaction that evaluates {@code pre}
     * against the current target, points the node at the blob and journals the change.
     *
     * @param length announced body length or -1 (chunked)
     * @param mtime  client-supplied modification time in ms, or null for now
     */
    WriteResult put(Principal p, FilePath path, InputStream body, long length, Long mtime, String clientType,
                    Precondition pre, Checksum expected) throws IOException {
        if (path.isRoot() && !p.isLinkToFile()) {
            throw new ConflictException("cannot write to the root folder");
        }
        UserTree.Place at = files.place(p, path);
        if (at.isMountPoint() && !at.mount().file()) {
            throw new AlreadyExistsException("a folder exists at " + path);
        }
        Space space = at.space();
        Perms perms = at.perms();
        FilePath inSpace = at.inSpace();
        Node existing = null;
        // Answer refusals before reading a body worth sparing; a small unconditional upload skips this round
        // trip, since the transaction below checks everything again anyway.
        if (length < 0 || length > EARLY_CHECK_BYTES || pre != Precondition.NONE || space.quotaBytes() >= 0) {
            // one statement answers: does the parent exist, is the target there, is it a folder
            NodeRepository.Walk w = db.read(c -> nodes.walk(c, at.start(), inSpace.names()));
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
        long allowed = files.allowedBytes(space, existing == null ? 0 : existing.size());
        if (length >= 0 && allowed >= 0 && length > allowed) {
            throw new InsufficientStorageException("not enough space: " + length + " bytes needed, " + allowed + " available");
        }
        Long pendingId = null;
        StagedBlob staged = null;
        if (length != 0) {
            String key = blobs.newKey();
            if (length < 0 || length >= PENDING_ROW_THRESHOLD) {
                pendingId = db.tx(c -> blobRows.insertPending(c, key));
            }
            try {
                staged = blobs.receive(key, body, length, allowed);
            } catch (TooLargeException e) {
                dropPending(pendingId);
                throw new InsufficientStorageException(e.getMessage());
            } catch (LengthMismatchException e) {
                dropPending(pendingId);
                throw new BadRequestException(e.getMessage());
            } catch (IOException | RuntimeException e) {
                dropPending(pendingId);
                throw e;
            }
            if (expected != null && !expected.matches(staged.sha256(), staged.sha1(), staged.md5(), staged.size() == 0)) {
                blobs.delete(staged.key());
                dropPending(pendingId);
                throw new BadRequestException("the content does not match the announced " + expected.type() + " checksum");
            }
            if (staged.size() == 0) {
                blobs.delete(staged.key());
                dropPending(pendingId);
                staged = null;
                pendingId = null;
            }
        }
        if (staged == null && expected != null && !expected.matches(null, null, null, true)) {
            throw new BadRequestException("the content does not match the announced " + expected.type() + " checksum");
        }
        StagedBlob blob = staged;
        // The blob becomes durable (fsync, rename, fsync of the directory) while the transaction's statements
        // run; the transaction commits only after that, so the order "bytes durable, then metadata" holds.
        CompletableFuture<Void> durable = blob == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> {
                    try {
                        blobs.persist(blob);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, durability);
        Long pending = pendingId;
        long now = System.currentTimeMillis();
        long modified = mtime != null ? mtime : now;
        String mime = MimeTypes.forName(path.last(), clientType);
        boolean[] duplicate = {false};
        WriteResult result;
        try {
            result = files.txRacingForName(space, c -> {
                NodeRepository.Walk tw = nodes.walk(c, at.start(), inSpace.names());
                if (!tw.parentExists(inSpace.depth())) {
                    throw new ConflictException("parent folder of " + path + " does not exist");
                }
                long[] parentChain = files.chainOf(c, at, java.util.Arrays.copyOf(tw.chain(), inSpace.depth()), path);
                long parentId = parentChain[parentChain.length - 1];
                files.holdFolder(c, parentId, space, path);
                Node current = tw.complete(inSpace.depth()) ? tw.node() : null;
                if (current != null && current.isFolder()) {
                    throw new AlreadyExistsException("a folder exists at " + path);
                }
                if (current != null) {
                    current = nodes.fileForUpdate(c, current.id());
                }
                pre.check(current);
                perms.require(current == null ? Perms.CREATE : Perms.WRITE, "write here");
                // the walk's statement already said whether the space has any live lock (usually none)
                List<DavLock> active = tw.spaceMayHaveLocks() ? files.lockRules().active(c, space.id()) : List.of();
                files.lockRules().requireUnlocked(c, active,
                        current == null ? parentChain : Resolved.append(parentChain, current.id()), false, p, pre.lockTokens());
                Long blobId = null;
                long size = 0;
                if (blob != null) {
                    BlobRepository.Published pub = blobRows.publish(c, blob, pending);
                    blobId = pub.id();
                    duplicate[0] = pub.duplicate();
                    size = blob.size();
                }
                String etag = FilesService.newEtag();
                long id;
                long delta;
                if (current == null) {
                    id = nodes.insertFile(c, space.id(), parentId, path.last(), size, modified, now, etag, blobId, mime, p.userId());
                    delta = size;
                } else {
                    id = current.id();
                    nodes.replaceContent(c, id, size, modified, now, etag, blobId, mime);
                    delta = size - current.size();
                }
                ChangeJournal.record(c, space.id(), id, current == null ? ChangeJournal.CREATE : ChangeJournal.WRITE,
                        p.userId(), parentChain, delta, now);
                Node.Blob b = blob == null ? null
                        : new Node.Blob(blobId, duplicate[0] ? null : blob.key(), blob.sha256(), blob.sha1(), blob.md5());
                Node written = new Node(id, space.id(), parentId, path.last(), NodeKind.FILE, size, modified, now,
                        current == null ? now : current.createdAt(), etag, mime, b);
                awaitDurable(durable);
                return new WriteResult(written, current == null);
            });
        } catch (RuntimeException e) {
            if (blob != null) {
                try {
                    durable.join(); // never delete under a rename still in flight
                } catch (RuntimeException ignored) {
                    // persisting failed; the bytes are removed below either way
                }
                blobs.delete(blob.key());
            }
            dropPending(pending);
            throw e;
        }
        if (duplicate[0]) {
            // identical content already stored: the staged copy was never referenced
            blobs.delete(blob.key());
            dropPending(pending);
        }
        return result;
    }

    private static void awaitDurable(CompletableFuture<Void> durable) {
        try {
            durable.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private void dropPending(Long pendingId) {
        if (pendingId != null) {
            try {
                db.tx(c -> {
                    blobRows.deleteRow(c, pendingId);
                    return null;
                });
            } catch (RuntimeException e) {
                log.warn("could not remove pending blob row {}: {}", pendingId, e.getMessage());
            }
        }
    }
}
