package org.kiste.nextcloud.upload;

import org.kiste.dav.AreaNodes;
import org.kiste.dav.DavExchange;
import org.kiste.dav.DavNode;
import org.kiste.files.FilesService;
import org.kiste.model.NotFoundException;
import org.kiste.uploads.Chunk;
import org.kiste.uploads.ChunkedUploads;
import org.kiste.uploads.Transfer;
import org.kiste.uploads.UploadNames;

/** What the nodes of the uploads area share for one request, and where a path of the area leads. */
final class UploadNodes extends AreaNodes {
    static final String COLLECTION_ALLOW = "OPTIONS, PROPFIND";
    static final String TRANSFER_ALLOW = "OPTIONS, PROPFIND, MKCOL, DELETE";
    static final String CHUNK_ALLOW = "OPTIONS, GET, HEAD, PROPFIND, PUT, DELETE, MOVE";

    final ChunkedUploads uploads;
    final FilesService files;

    UploadNodes(ChunkedUploads uploads, FilesService files, DavExchange x) {
        super(x);
        this.uploads = uploads;
        this.files = files;
    }

    DavNode at(String rawPath) {
        UploadsPath path = UploadsPath.parse(rawPath);
        requireOwn(path != null, path == null ? null : path.user(), true);
        return switch (path.level()) {
            case ROOT -> new UploadCollectionNode(this, false);
            case USER -> new UploadCollectionNode(this, true);
            case TRANSFER -> transfer(path.transfer());
            case CHUNK -> {
                if (path.chunk().equals(UploadNames.ASSEMBLED)) {
                    yield new AssemblyNode(this, path.transfer());
                }
                UploadNames.require("upload id", path.transfer());
                UploadNames.requireChunk(path.chunk());
                yield chunk(path.transfer(), path.chunk()); // a chunk PUT into a missing transfer is a 409
            }
        };
    }

    /** A transfer (an unmapped one when it does not exist: MKCOL starts it). */
    TransferNode transfer(String id) {
        UploadNames.require("upload id", id);
        return new TransferNode(this, id, transferOrNull(id));
    }

    ChunkNode chunk(String transfer, String name) {
        Chunk c;
        try {
            c = uploads.chunk(principal(), transfer, name);
        } catch (NotFoundException e) {
            c = null;
        }
        return new ChunkNode(this, transfer, name, c);
    }

    private Transfer transferOrNull(String id) {
        try {
            return uploads.transfer(principal(), id);
        } catch (NotFoundException e) {
            return null;
        }
    }

    /** Absolute, percent-encoded href of the user's uploads collection. */
    String userHref() {
        return UploadsPath.userHref(contextPath(), principal().login());
    }
}
