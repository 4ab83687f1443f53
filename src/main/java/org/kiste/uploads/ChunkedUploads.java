package org.kiste.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.kiste.blob.BlobReader;
import org.kiste.blob.BlobStore;
import org.kiste.blob.Digests;
import org.kiste.blob.LengthMismatchException;
import org.kiste.blob.StagedBlob;
import org.kiste.blob.TooLargeException;
import org.kiste.files.Checksum;
import org.kiste.files.CommitStep;
import org.kiste.files.FilesService;
import org.kiste.files.Precondition;
import org.kiste.files.Resolved;
import org.kiste.files.WriteResult;
import org.kiste.model.AlreadyExistsException;
import org.kiste.model.BadRequestException;
import org.kiste.model.ConflictException;
import org.kiste.model.FilePath;
import org.kiste.model.InsufficientStorageException;
import org.kiste.model.NotFoundException;
import org.kiste.model.Principal;
import org.kiste.store.BlobRepository;
import org.kiste.store.Database;
import org.kiste.store.StoreException;
import org.kiste.store.UploadRepository;
import org.kiste.store.UploadRepository.ChunkRow;
import org.kiste.store.UploadRepository.TransferRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nextcloud's chunked upload: a transfer is a private collection of chunks a client fills in any order and over any
 * number of requests, then turns into one file with a single call. Transfers and chunks are rows; a chunk's bytes
 * are a blob of its own. The chunks parked for a transfer count against the quota of the space its file is headed
 * for (the one its {@code Destination} names when it is created and the user may write there, else the user's
 * home), under the files core's one
 * quota rule. The assembled bytes go through {@link FilesService#put} as one stream, in a transaction that also
 * removes the transfer, so the file appears atomically, with the same quota, lock, checksum and precondition rules
 * as a plain PUT, and its chunks stop counting in the same moment. Chunks are never part of the files tree.
 */
public final class ChunkedUploads {
    private static final Logger log = LoggerFactory.getLogger(ChunkedUploads.class);
    /** How long an assembly may hold its transfer before another request may try again (a crashed one, say). */
    private static final long ASSEMBLY_SECONDS = 3600;

    private static final int MAX_LISTED = 10_000;

    private final Database db;
    private final BlobStore blobs;
    private final FilesService files;
    private final UploadRepository rows = new UploadRepository();
    private final BlobRepository blobRows = new BlobRepository();

    public ChunkedUploads(Database db, BlobStore blobs, FilesService files) {
        this.db = db;
        this.blobs = blobs;
        this.files = files;
    }

    /**
     * Starts a transfer, headed for {@code destination} (may be null: the user's home). With {@code totalLength} (-1:
     * unknown) the final size is checked against that space now, counting a file at the destination as replaced.
     *
     * @throws AlreadyExistsException       when the transfer exists (405)
     * @throws InsufficientStorageException when the announced file cannot fit (507)
     */
    public void begin(Principal p, String transfer, long totalLength, FilePath destination) {
        UploadNames.require("upload id", transfer);
        long space = files.uploadSpaceFor(p, destination);
        long replacing = replacing(p, destination);
        db.tx(c -> {
            if (totalLength >= 0) {
                files.requireRoom(c, space, totalLength - replacing);
            }
            if (!rows.create(c, p.userId(), transfer, space, totalLength < 0 ? null : totalLength)) {
                throw new AlreadyExistsException("upload " + transfer + " exists");
            }
            return null;
        });
    }

    /** The size of a file the upload would replace (its bytes are freed when the upload lands), else 0. */
    private long replacing(Principal p, FilePath destination) {
        if (destination == null || destination.isRoot()) {
            return 0;
        }
        Optional<Resolved> existing = files.find(p, destination);
        return existing.isPresent() && !existing.get().isFolder()
                ? existing.get().node().size()
                : 0;
    }

    /**
     * Stores one chunk, replacing a chunk of the same name.
     *
     * @param length      the body's announced length or -1
     * @param totalLength the whole file's announced length or -1 (checked against the space like {@link #begin})
     * @param destination where the file will go, when the client says (may be null)
     * @param condition   the client's conditions on the chunk of that name
     * @return true for a new chunk, false when it replaced one of the same name
     */
    public boolean putChunk(
            Principal p,
            String transfer,
            String chunk,
            InputStream body,
            long length,
            long totalLength,
            FilePath destination,
            ChunkCondition condition)
            throws IOException {
        UploadNames.require("upload id", transfer);
        UploadNames.requireChunk(chunk);
        record Current(TransferRow transfer, ChunkRow chunk) {}
        Current now = db.read(c -> {
            TransferRow found = rows.find(c, p.userId(), transfer);
            return new Current(found, found == null ? null : rows.chunk(c, found.id(), chunk));
        });
        TransferRow t = now.transfer();
        if (t == null) {
            throw new ConflictException("upload " + transfer + " does not exist");
        }
        if (t.assembling()) {
            throw new TransferBusyException(transfer);
        }
        condition.check(now.chunk() == null ? null : chunk(now.chunk())); // refused before the body is read
        long room = files.room(t.spaceId());
        long replacing = replacing(p, destination);
        if (totalLength >= 0 && totalLength - replacing > room + t.bytes()) {
            throw new InsufficientStorageException("not enough space: " + totalLength + " bytes needed, "
                    + (room + t.bytes() + replacing) + " available");
        }
        if (length > room) {
            throw new InsufficientStorageException("not enough space for a chunk of " + length + " bytes");
        }
        String key = blobs.newKey();
        StagedBlob staged;
        try {
            staged = blobs.receive(key, body, length, room, Digests.NONE); // hashed when the chunks are assembled
            blobs.persist(staged); // the client drops an acknowledged chunk: durable before it is recorded
        } catch (TooLargeException e) {
            forget(key, true);
            throw new InsufficientStorageException(e.getMessage());
        } catch (org.kiste.blob.DiskFullException e) {
            forget(key, true);
            throw new InsufficientStorageException(e.getMessage(), false);
        } catch (LengthMismatchException e) {
            forget(key, true);
            throw new BadRequestException(e.getMessage());
        } catch (IOException | RuntimeException e) {
            forget(key, true);
            throw e;
        }
        String etag = String.format(
                "%016x", java.util.concurrent.ThreadLocalRandom.current().nextLong());
        try {
            return db.tx(c -> {
                TransferRow locked = rows.lock(c, p.userId(), transfer);
                if (locked == null) {
                    throw new ConflictException("upload " + transfer + " does not exist"); // abandoned meanwhile
                }
                if (locked.assembling()) {
                    throw new TransferBusyException(transfer);
                }
                ChunkRow old = rows.chunk(c, locked.id(), chunk);
                condition.check(old == null ? null : chunk(old)); // against the chunk this write replaces
                files.requireRoom(c, locked.spaceId(), staged.size() - (old == null ? 0 : old.size()));
                long blobId = rows.insertChunkBlob(c, key, staged.size());
                rows.putChunk(c, locked.id(), chunk, blobId, staged.size(), etag, System.currentTimeMillis());
                return old == null;
            });
        } catch (RuntimeException e) {
            forget(key, !(e instanceof StoreException s && s.outcomeUnknown()));
            throw e;
        }
    }

    /** A chunk no row will name goes to the garbage collector (or, with the database down, to its sweep). */
    private void forget(String key, boolean surelyUnused) {
        try {
            db.tx(c -> {
                blobRows.abandon(c, key, surelyUnused);
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("chunk blob {} is left for the collector's sweep: {}", key, e.getMessage());
        }
    }

    /** The transfer's chunks in assembly order. */
    public List<Chunk> chunks(Principal p, String transfer) {
        TransferRow t = row(p, transfer);
        return ChunkOrder.sort(db.read(c -> chunksOf(c, t.id())));
    }

    private List<Chunk> chunksOf(java.sql.Connection c, long transferId) throws java.sql.SQLException {
        List<Chunk> out = new ArrayList<>();
        for (ChunkRow r : rows.chunks(c, transferId)) {
            out.add(chunk(r));
        }
        return out;
    }

    private static Chunk chunk(ChunkRow r) {
        return new Chunk(r.name(), r.size(), r.mtime(), r.etag(), r.blobKey());
    }

    public Transfer transfer(Principal p, String transfer) {
        TransferRow t = row(p, transfer);
        return new Transfer(t.name(), t.bytes(), t.updatedAtMillis());
    }

    private TransferRow row(Principal p, String transfer) {
        UploadNames.require("upload id", transfer);
        TransferRow t = db.read(c -> rows.find(c, p.userId(), transfer));
        if (t == null) {
            throw new NotFoundException("upload " + transfer);
        }
        return t;
    }

    public Chunk chunk(Principal p, String transfer, String chunk) {
        UploadNames.requireChunk(chunk);
        TransferRow t = row(p, transfer);
        ChunkRow r = db.read(c -> rows.chunk(c, t.id(), chunk));
        if (r == null) {
            throw new NotFoundException("chunk " + chunk);
        }
        return chunk(r);
    }

    /** A chunk's bytes, checked to be there with their recorded size. */
    public BlobReader open(Chunk chunk) throws IOException {
        BlobReader r = blobs.open(chunk.blobKey());
        if (r.size() != chunk.size()) {
            r.close();
            throw new IOException("chunk " + chunk.name() + " holds " + r.size() + " bytes, not " + chunk.size());
        }
        return r;
    }

    /** The user's transfers, in name order. */
    public void transfers(Principal p, Consumer<Transfer> sink) {
        for (TransferRow t : db.read(c -> rows.ofUser(c, p.userId(), MAX_LISTED))) {
            sink.accept(new Transfer(t.name(), t.bytes(), t.updatedAtMillis()));
        }
    }

    /** Abandons a transfer and its chunks; 423 while it is being assembled. */
    public void abort(Principal p, String transfer) {
        UploadNames.require("upload id", transfer);
        db.tx(c -> {
            TransferRow t = rows.lock(c, p.userId(), transfer);
            if (t == null) {
                throw new NotFoundException("upload " + transfer);
            }
            if (t.assembling()) {
                throw new TransferBusyException(transfer);
            }
            rows.delete(c, t.id());
            return null;
        });
    }

    public void deleteChunk(Principal p, String transfer, String chunk) {
        UploadNames.require("upload id", transfer);
        UploadNames.requireChunk(chunk);
        db.tx(c -> {
            TransferRow t = rows.lock(c, p.userId(), transfer);
            if (t == null) {
                throw new NotFoundException("upload " + transfer);
            }
            if (t.assembling()) {
                throw new TransferBusyException(transfer);
            }
            if (!rows.deleteChunk(c, t.id(), chunk)) {
                throw new NotFoundException("chunk " + chunk);
            }
            return null;
        });
    }

    /**
     * Assembles the transfer into the file at {@code destination} and removes the transfer, in the transaction that
     * stores the file. The chunks stream in order into one {@link FilesService#put}; chunks that leave a gap or
     * overlap, or a mismatch with {@code totalLength} (-1: not announced), are 400 before any byte is read, a checksum
     * mismatch 400 with nothing stored. While another request assembles the same transfer this answers 423; once it
     * is done, 404.
     *
     * @param mtimeMs the file's modification time, or null for now
     * @param pre     the client's conditions on the destination
     */
    public WriteResult assemble(
            Principal p,
            String transfer,
            FilePath destination,
            long totalLength,
            Long mtimeMs,
            String clientType,
            Precondition pre,
            Checksum checksum)
            throws IOException {
        UploadNames.require("upload id", transfer);
        record Started(TransferRow row, List<Chunk> chunks) {}
        Started started = db.tx(c -> {
            TransferRow t = rows.lock(c, p.userId(), transfer);
            if (t == null) {
                throw new NotFoundException("upload " + transfer);
            }
            if (t.assembling()) {
                throw new TransferBusyException(transfer);
            }
            rows.assembling(c, t.id(), ASSEMBLY_SECONDS);
            return new Started(t, chunksOf(c, t.id()));
        });
        long id = started.row().id();
        try {
            List<Chunk> ordered = ChunkOrder.sort(started.chunks());
            ChunkOrder.requireContiguous(ordered);
            long size = 0;
            for (Chunk c : ordered) {
                size += c.size();
            }
            if (totalLength >= 0 && totalLength != size) {
                throw new BadRequestException(
                        "the chunks hold " + size + " bytes, OC-Total-Length announced " + totalLength);
            }
            try (InputStream in = new ChunkSequence(blobs, ordered)) {
                TransferRow row = started.row();
                return files.put(p, destination, in, size, mtimeMs, clientType, pre, checksum, new CommitStep() {
                    @Override
                    public long frees(long spaceId) {
                        return spaceId == row.spaceId() ? row.bytes() : 0;
                    }

                    @Override
                    public void run(java.sql.Connection c) throws java.sql.SQLException {
                        // the transfer goes with the file it became: its chunks stop counting in the same commit
                        TransferRow t = rows.lock(c, p.userId(), transfer);
                        if (t == null || t.id() != id) {
                            throw new ConflictException("upload " + transfer + " was abandoned meanwhile");
                        }
                        rows.delete(c, id);
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            release(id);
            throw e;
        }
    }

    /** An assembly that failed frees its transfer for another try (or, failing that, after its time is up). */
    private void release(long transferId) {
        try {
            db.tx(c -> {
                rows.assembled(c, transferId);
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("upload {} stays marked as being assembled until its time is up: {}", transferId, e.getMessage());
        }
    }

    /** Removes transfers untouched since before {@code cutoffMillis}; returns how many went. */
    int expire(long cutoffMillis, int limit) {
        int removed = 0;
        for (TransferRow t : db.read(c -> rows.stale(c, cutoffMillis, limit))) {
            boolean gone = db.tx(c -> {
                TransferRow locked = rows.lock(c, t.userId(), t.name());
                if (locked == null || locked.assembling() || locked.updatedAtMillis() >= cutoffMillis) {
                    return false;
                }
                rows.delete(c, locked.id());
                return true;
            });
            if (gone) {
                removed++;
            }
        }
        return removed;
    }
}
