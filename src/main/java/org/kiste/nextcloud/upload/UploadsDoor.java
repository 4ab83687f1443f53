package org.kiste.nextcloud.upload;

import org.kiste.uploads.UploadNames;

import org.kiste.uploads.TransferBusyException;

import org.kiste.uploads.Transfer;

import org.kiste.uploads.Chunk;

import org.kiste.uploads.ChunkedUploads;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.kiste.dav.DavErrors;
import org.kiste.dav.DavExchange;
import org.kiste.dav.DavLocation;
import org.kiste.dav.DavRouter;
import org.kiste.dav.DavSubtree;
import org.kiste.dav.SubtreeCall;
import org.kiste.dav.HttpDates;
import org.kiste.dav.OcMtime;
import org.kiste.dav.Overwrite;
import org.kiste.dav.Preconditions;
import org.kiste.dav.xml.XmlBodyException;
import org.kiste.model.BadRequestException;
import org.kiste.files.Checksum;
import org.kiste.model.FilePath;
import org.kiste.files.FilesService;
import org.kiste.files.LockService;
import org.kiste.model.Node;
import org.kiste.files.Precondition;
import org.kiste.model.PreconditionFailedException;
import org.kiste.model.Principal;
import org.kiste.files.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chunked-upload door, {@code /remote.php/dav/uploads/{user}/{transfer}/{chunk}} (Nextcloud's "chunking v2",
 * which desktop 3.7 calls "NG"): MKCOL starts a transfer, PUT stores a chunk, PROPFIND lists for a resume,
 * DELETE abandons, and {@code MOVE …/.file} assembles into the files tree with the headers of a plain PUT
 * ({@code OC-Total-Length}, {@code OC-Checksum}, {@code X-OC-Mtime}, conditions on the destination, Overwrite).
 * Another user's uploads are not found.
 */
public final class UploadsDoor implements DavSubtree {
    private static final Logger log = LoggerFactory.getLogger(UploadsDoor.class);

    private final ChunkedUploads uploads;
    private final FilesService files;
    private final LockService locks;
    private final DavRouter router;
    private final long maxXmlBody;
    private final UploadsPropFind propFind;

    public UploadsDoor(ChunkedUploads uploads, FilesService files, LockService locks, DavRouter router, long maxXmlBody) {
        this.uploads = uploads;
        this.files = files;
        this.locks = locks;
        this.router = router;
        this.maxXmlBody = maxXmlBody;
        this.propFind = new UploadsPropFind(uploads, router.contextPath(), maxXmlBody);
    }

    @Override
    public boolean owns(String rawPath) {
        return UploadsPath.owns(rawPath);
    }

    @Override
    public void serve(HttpServletRequest req, HttpServletResponse resp, Principal p, String rawPath) throws IOException {
        SubtreeCall.run(req, resp, log, () -> {
            UploadsPath path = UploadsPath.parse(rawPath);
            if (SubtreeCall.options(req, resp, allow(path))) {
                return;
            }
            if (path == null || (path.user() != null && !path.user().equals(p.login()))) {
                DavErrors.send(resp, 404, "not found");
                return;
            }
            try {
                dispatch(req, resp, p, path);
            } catch (TransferBusyException e) {
                DavErrors.send(resp, 423, e.getMessage());
            }
        });
    }

    private static String allow(UploadsPath path) {
        if (path == null) {
            return "OPTIONS";
        }
        return switch (path.level()) {
            case ROOT, USER -> "OPTIONS, PROPFIND";
            case TRANSFER -> "OPTIONS, PROPFIND, MKCOL, DELETE";
            case CHUNK -> "OPTIONS, PROPFIND, PUT, DELETE, MOVE";
        };
    }

    private void dispatch(HttpServletRequest req, HttpServletResponse resp, Principal p, UploadsPath path)
            throws IOException, XmlBodyException {
        String method = req.getMethod();
        UploadsPath.Level level = path.level();
        if (method.equals("PROPFIND")) {
            propFind.serve(req, resp, p, path);
        } else if (method.equals("MKCOL") && level == UploadsPath.Level.TRANSFER) {
            mkcol(req, resp, p, path);
        } else if (method.equals("PUT") && level == UploadsPath.Level.CHUNK) {
            put(req, resp, p, path);
        } else if (method.equals("DELETE") && level == UploadsPath.Level.TRANSFER) {
            uploads.abort(p, path.transfer());
            resp.setStatus(204);
        } else if (method.equals("DELETE") && level == UploadsPath.Level.CHUNK) {
            uploads.deleteChunk(p, path.transfer(), path.chunk());
            resp.setStatus(204);
        } else if (method.equals("MOVE") && level == UploadsPath.Level.CHUNK) {
            move(req, resp, p, path);
        } else {
            resp.setHeader("Allow", allow(path));
            DavErrors.send(resp, 405, "not allowed here");
        }
    }

    private void mkcol(HttpServletRequest req, HttpServletResponse resp, Principal p, UploadsPath path) throws IOException {
        if (req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null) {
            DavErrors.send(resp, 415, "MKCOL with a body is not supported");
            return;
        }
        uploads.begin(p, path.transfer(), lengthHeader(req, "OC-Total-Length"), destinationHint(req, p));
        resp.setStatus(201);
        resp.setContentLength(0);
    }

    private void put(HttpServletRequest req, HttpServletResponse resp, Principal p, UploadsPath path) throws IOException {
        if (req.getHeader("Content-Range") != null) {
            DavErrors.send(resp, 400, "partial PUT with Content-Range is not supported");
            return;
        }
        boolean created;
        try (InputStream body = req.getInputStream()) {
            created = uploads.putChunk(p, path.transfer(), path.chunk(), body, req.getContentLengthLong(),
                    lengthHeader(req, "OC-Total-Length"), destinationHint(req, p));
        }
        Chunk c = uploads.chunk(p, path.transfer(), path.chunk());
        resp.setStatus(created ? 201 : 204);
        resp.setHeader("ETag", "\"" + c.etag() + "\"");
        resp.setContentLength(0);
    }

    private void move(HttpServletRequest req, HttpServletResponse resp, Principal p, UploadsPath path) throws IOException {
        if (!path.chunk().equals(UploadNames.ASSEMBLED)) {
            DavErrors.send(resp, 403, "only " + UploadNames.ASSEMBLED + " of an upload can be moved");
            return;
        }
        boolean overwrite = Overwrite.allowed(req);
        DavLocation dest = router.destination(req.getHeader("Destination"), req, p);
        long totalLength = lengthHeader(req, "OC-Total-Length");
        Long mtime = OcMtime.millis(req);
        Checksum checksum = Checksum.parse(req.getHeader("OC-Checksum"));
        // If-Match, If-None-Match and the If header (desktop: "If: <destination> (["etag"])") are about the file
        // the upload becomes, so they are evaluated as for a PUT to the destination
        Precondition pre = Preconditions.forWrite(new DavExchange(req, resp, p, dest, files, locks, router, maxXmlBody));
        if (!overwrite) {
            pre = noOverwrite(pre);
        }
        WriteResult r = uploads.assemble(p, path.transfer(), dest.path(), totalLength, mtime, req.getContentType(), pre,
                checksum);
        Node n = r.node();
        resp.setHeader("ETag", "\"" + n.etag() + "\"");
        resp.setHeader("OC-ETag", "\"" + n.etag() + "\"");
        resp.setHeader("OC-FileId", files.ids().ocId(n.id()));
        resp.setHeader("Last-Modified", HttpDates.format(n.mtime()));
        if (mtime != null) {
            resp.setHeader(OcMtime.REPLY_HEADER, "accepted");
        }
        if (r.created()) {
            resp.setStatus(201);
            resp.setHeader("Location", dest.href(dest.path(), false));
        } else {
            resp.setStatus(204);
        }
        resp.setContentLength(0);
    }

    /** {@code Overwrite: F}: an existing destination fails the request (RFC 4918 §9.9.3: 412). */
    private static Precondition noOverwrite(Precondition pre) {
        Precondition check = current -> {
            if (current != null) {
                throw new PreconditionFailedException("destination exists and Overwrite is F");
            }
            pre.check(current);
        };
        return Precondition.withTokens(check, pre.lockTokens());
    }

    /**
     * The Destination a client may announce before the MOVE (MKCOL and chunk PUTs of newer clients): used only to
     * count a file it replaces as free space, so one that does not resolve is ignored.
     */
    private FilePath destinationHint(HttpServletRequest req, Principal p) {
        String h = req.getHeader("Destination");
        if (h == null) {
            return null;
        }
        try {
            return router.destination(h, req, p).path();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A byte count header, -1 when absent; 400 when it is not a non-negative integer. */
    private static long lengthHeader(HttpServletRequest req, String name) {
        String v = req.getHeader(name);
        if (v == null || v.isBlank()) {
            return -1;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequestException("bad " + name);
        }
    }
}
