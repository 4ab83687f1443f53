package org.kiste.nextcloud.upload;

import org.kiste.dav.DavArea;
import org.kiste.dav.DavExchange;
import org.kiste.dav.DavNode;
import org.kiste.files.FilesService;
import org.kiste.uploads.ChunkedUploads;

/**
 * Nextcloud's chunked uploads ("chunking v2"), {@code /remote.php/dav/uploads/{user}/{transfer}/{chunk}}, as nodes of
 * the WebDAV tree: MKCOL starts a transfer, PUT stores a chunk, GET reads one back, PROPFIND lists for a resume,
 * DELETE abandons, and {@code MOVE …/.file} assembles into the files tree with the headers of a plain PUT
 * ({@code OC-Total-Length}, {@code OC-Checksum}, {@code X-OC-Mtime}, conditions on the destination, Overwrite).
 * Another user's uploads are not found.
 */
public final class UploadsArea implements DavArea {
    private final ChunkedUploads uploads;
    private final FilesService files;

    public UploadsArea(ChunkedUploads uploads, FilesService files) {
        this.uploads = uploads;
        this.files = files;
    }

    @Override
    public boolean owns(String rawPath) {
        return UploadsPath.owns(rawPath);
    }

    @Override
    public String allow(String rawPath) {
        UploadsPath path = UploadsPath.parse(rawPath);
        if (path == null) {
            return "OPTIONS";
        }
        return switch (path.level()) {
            case ROOT, USER -> UploadNodes.COLLECTION_ALLOW;
            case TRANSFER -> UploadNodes.TRANSFER_ALLOW;
            case CHUNK -> UploadNodes.CHUNK_ALLOW;
        };
    }

    @Override
    public DavNode resolve(DavExchange x, String rawPath) {
        return new UploadNodes(uploads, files, x).at(rawPath);
    }
}
