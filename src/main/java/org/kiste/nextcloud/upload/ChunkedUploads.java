package org.kiste.nextcloud.upload;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.kiste.model.AlreadyExistsException;
import org.kiste.model.BadRequestException;
import org.kiste.files.Checksum;
import org.kiste.model.FilePath;
import org.kiste.files.FilesService;
import org.kiste.model.InsufficientStorageException;
import org.kiste.model.NotFoundException;
import org.kiste.files.Precondition;
import org.kiste.model.Principal;
import org.kiste.files.Resolved;
import org.kiste.files.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nextcloud's chunked upload: a transfer is a private collection of chunks a client fills in any order and over
 * any number of requests, then turns into one file with a single call. The assembled bytes go through
 * {@link FilesService#put} as one stream, so the file appears atomically, with the same quota, lock, checksum and
 * precondition rules as a plain PUT; chunks are never part of the files tree.
 */
public final class ChunkedUploads {
    private static final Logger log = LoggerFactory.getLogger(ChunkedUploads.class);

    private final FilesService files;
    private final ChunkStore store;
    private final AssemblyLock lock;

    public ChunkedUploads(FilesService files, ChunkStore store, AssemblyLock lock) {
        this.files = files;
        this.store = store;
        this.lock = lock;
    }

    public ChunkStore store() {
        return store;
    }

    public AssemblyLock lock() {
        return lock;
    }

    /**
     * Starts a transfer. With {@code totalLength} (-1: unknown) the final size is checked against the space now,
     * counting a file at {@code destination} (may be null) as replaced.
     *
     * @throws AlreadyExistsException       when the transfer exists (405)
     * @throws InsufficientStorageException when the announced file cannot fit (507)
     */
    public void begin(Principal p, String transfer, long totalLength, FilePath destination) throws IOException {
        UploadNames.require("upload id", transfer);
        if (totalLength >= 0) {
            requireRoom(p, totalLength, destination);
        }
        if (!store.create(p.userId(), transfer)) {
            throw new AlreadyExistsException("upload " + transfer + " exists");
        }
    }

    private void requireRoom(Principal p, long bytes, FilePath destination) {
        long available = room(p, destination);
        if (bytes > available) {
            throw new InsufficientStorageException("not enough space: " + bytes + " bytes needed, " + available
                    + " available");
        }
    }

    /** Bytes the space can still take, counting a file at {@code destination} (may be null) as replaced. */
    private long room(Principal p, FilePath destination) {
        long available = files.quota(p).available();
        if (destination != null && !destination.isRoot()) {
            Optional<Resolved> existing = files.find(p, destination);
            if (existing.isPresent() && !existing.get().isFolder()) {
                available += existing.get().node().size();
            }
        }
        return available;
    }

    /**
     * Stores one chunk, streamed to disk.
     *
     * @param length      the body's announced length or -1
     * @param totalLength the whole file's announced length or -1 (checked against the space like {@link #begin})
     * @param destination where the file will go, when the client says (may be null)
     * @return true for a new chunk, false when it replaced one of the same name
     */
    public boolean putChunk(Principal p, String transfer, String chunk, InputStream body, long length, long totalLength,
                            FilePath destination) throws IOException {
        UploadNames.require("upload id", transfer);
        UploadNames.requireChunk(chunk);
        long available = room(p, destination);
        if (totalLength > available) {
            throw new InsufficientStorageException("not enough space: " + totalLength + " bytes needed, " + available
                    + " available");
        }
        if (length > available) {
            throw new InsufficientStorageException("not enough space for a chunk of " + length + " bytes");
        }
        if (lock.busy(p.userId(), transfer)) {
            throw new TransferBusyException(transfer);
        }
        return store.write(p.userId(), transfer, chunk, body, length, available);
    }

    /** The transfer's chunks in assembly order. */
    public List<Chunk> chunks(Principal p, String transfer) throws IOException {
        UploadNames.require("upload id", transfer);
        return ChunkOrder.sort(store.chunks(p.userId(), transfer)
                .orElseThrow(() -> new NotFoundException("upload " + transfer)));
    }

    public Transfer transfer(Principal p, String transfer) throws IOException {
        UploadNames.require("upload id", transfer);
        return store.transfer(p.userId(), transfer).orElseThrow(() -> new NotFoundException("upload " + transfer));
    }

    public Chunk chunk(Principal p, String transfer, String chunk) throws IOException {
        UploadNames.require("upload id", transfer);
        UploadNames.requireChunk(chunk);
        return store.chunk(p.userId(), transfer, chunk).orElseThrow(() -> new NotFoundException("chunk " + chunk));
    }

    public void transfers(Principal p, Consumer<Transfer> sink) throws IOException {
        store.transfers(p.userId(), sink);
    }

    /** Abandons a transfer and its chunks; 423 while it is being assembled. */
    public void abort(Principal p, String transfer) throws IOException {
        UploadNames.require("upload id", transfer);
        boolean removed = lock.exclusively(p.userId(), transfer, () -> store.deleteTransfer(p.userId(), transfer));
        if (!removed) {
            throw new NotFoundException("upload " + transfer);
        }
    }

    public void deleteChunk(Principal p, String transfer, String chunk) throws IOException {
        UploadNames.require("upload id", transfer);
        UploadNames.requireChunk(chunk);
        if (lock.busy(p.userId(), transfer)) {
            throw new TransferBusyException(transfer);
        }
        if (!store.deleteChunk(p.userId(), transfer, chunk)) {
            throw new NotFoundException("chunk " + chunk);
        }
    }

    /**
     * Assembles the transfer into the file at {@code destination} and removes the transfer. The chunks stream in
     * order into one {@link FilesService#put}; a mismatch with {@code totalLength} (-1: not announced) is 400
     * before any byte is read, a checksum mismatch 400 with nothing stored. While another request assembles the
     * same transfer this answers 423; once it is done, 404.
     *
     * @param mtimeMs the file's modification time, or null for now
     * @param pre     the client's conditions on the destination
     */
    public WriteResult assemble(Principal p, String transfer, FilePath destination, long totalLength, Long mtimeMs,
                                String clientType, Precondition pre, Checksum checksum) throws IOException {
        UploadNames.require("upload id", transfer);
        return lock.exclusively(p.userId(), transfer, () -> {
            List<Chunk> ordered = ChunkOrder.sort(store.chunks(p.userId(), transfer)
                    .orElseThrow(() -> new NotFoundException("upload " + transfer)));
            long size = 0;
            for (Chunk c : ordered) {
                size += c.size();
            }
            if (totalLength >= 0 && totalLength != size) {
                throw new BadRequestException("the chunks hold " + size + " bytes, OC-Total-Length announced "
                        + totalLength);
            }
            WriteResult r;
            try (InputStream in = new ChunkSequence(ordered)) {
                r = files.put(p, destination, in, size, mtimeMs, clientType, pre, checksum);
            }
            try {
                store.deleteTransfer(p.userId(), transfer);
            } catch (IOException e) {
                // the file is stored and the client gets its answer; expiry removes what is left of the transfer
                log.warn("assembled upload {} could not be removed: {}", transfer, e.toString());
            }
            return r;
        });
    }
}
