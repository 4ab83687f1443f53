package org.kiste.nextcloud.trashbin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.kiste.blob.BlobReader;
import org.kiste.dav.DavErrors;
import org.kiste.dav.DavRouter;
import org.kiste.dav.DavSubtree;
import org.kiste.dav.SubtreeCall;
import org.kiste.dav.Hrefs;
import org.kiste.dav.HttpDates;
import org.kiste.dav.xml.XmlBodyException;
import org.kiste.files.FileIds;
import org.kiste.model.FilePath;
import org.kiste.model.Node;
import org.kiste.model.NotFoundException;
import org.kiste.model.Principal;
import org.kiste.files.TrashBin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trash bin door, {@code /remote.php/dav/trashbin/{user}/…}, as the Nextcloud apps use it: PROPFIND lists
 * {@code trash/} (and what lies inside a deleted folder), GET reads a deleted file, {@code MOVE trash/{item}} to
 * {@code restore/…} puts the item back where it was, DELETE of an item removes it for good and DELETE of
 * {@code trash/} empties the bin. Another user's trash bin is not found.
 */
public final class TrashbinDoor implements DavSubtree {
    private static final Logger log = LoggerFactory.getLogger(TrashbinDoor.class);

    private final TrashBin trash;
    private final FileIds ids;
    private final DavRouter router;
    private final TrashbinPropFind propFind;

    public TrashbinDoor(TrashBin trash, FileIds ids, DavRouter router, long maxXmlBody) {
        this.trash = trash;
        this.ids = ids;
        this.router = router;
        this.propFind = new TrashbinPropFind(trash, ids, router.contextPath(), maxXmlBody);
    }

    @Override
    public boolean owns(String rawPath) {
        return TrashbinPath.owns(rawPath);
    }

    @Override
    public void serve(HttpServletRequest req, HttpServletResponse resp, Principal p, String rawPath) throws IOException {
        SubtreeCall.run(req, resp, log, () -> {
            TrashbinPath path = TrashbinPath.parse(rawPath);
            if (SubtreeCall.options(req, resp, allow(path))) {
                return;
            }
            if (path == null || (path.user() != null && !path.user().equals(p.login())) || p.isLinkVisitor()) {
                DavErrors.send(resp, 404, "not found");
                return;
            }
            dispatch(req, resp, p, path);
        });
    }

    private static String allow(TrashbinPath path) {
        if (path == null) {
            return "OPTIONS";
        }
        return switch (path.level()) {
            case ROOT, USER, RESTORE -> "OPTIONS, PROPFIND";
            case TRASH -> "OPTIONS, PROPFIND, DELETE";
            case ITEM -> path.below().isRoot() ? "OPTIONS, PROPFIND, GET, HEAD, MOVE, DELETE" : "OPTIONS, PROPFIND, GET, HEAD";
        };
    }

    private void dispatch(HttpServletRequest req, HttpServletResponse resp, Principal p, TrashbinPath path)
            throws IOException, XmlBodyException {
        String method = req.getMethod();
        TrashbinPath.Level level = path.level();
        boolean item = level == TrashbinPath.Level.ITEM;
        if (method.equals("PROPFIND")) {
            propFind.serve(req, resp, p, path);
        } else if ((method.equals("GET") || method.equals("HEAD")) && item) {
            get(resp, p, path, method.equals("HEAD"));
        } else if (method.equals("MOVE") && item && path.below().isRoot()) {
            restore(req, resp, p, path);
        } else if (method.equals("DELETE") && item && path.below().isRoot()) {
            trash.delete(p, path.key());
            resp.setStatus(204);
        } else if (method.equals("DELETE") && level == TrashbinPath.Level.TRASH) {
            trash.empty(p);
            resp.setStatus(204);
        } else {
            resp.setHeader("Allow", allow(path));
            DavErrors.send(resp, 405, "not allowed here");
        }
    }

    private TrashBin.Item find(Principal p, TrashbinPath path) {
        return trash.find(p, path.key()).orElseThrow(() -> new NotFoundException(path.key()));
    }

    private void get(HttpServletResponse resp, Principal p, TrashbinPath path, boolean head) throws IOException {
        TrashBin.Item item = find(p, path);
        Node n = trash.inside(item, path.below()).orElseThrow(() -> new NotFoundException(path.key()));
        if (n.isFolder()) {
            resp.setHeader("Allow", "OPTIONS, PROPFIND");
            DavErrors.send(resp, 405, "a deleted folder is listed with PROPFIND");
            return;
        }
        try (BlobReader content = head || n.size() == 0 ? null : trash.open(n)) {
            send(resp, n, content);
        }
    }

    private void send(HttpServletResponse resp, Node n, BlobReader content) throws IOException {
        resp.setStatus(200);
        resp.setContentType(n.mime() == null ? "application/octet-stream" : n.mime());
        resp.setContentLengthLong(n.size());
        resp.setHeader("ETag", "\"" + n.etag() + "\"");
        resp.setHeader("Last-Modified", HttpDates.format(n.mtime()));
        resp.setHeader("OC-FileId", ids.ocId(n.id()));
        if (content == null) {
            return;
        }
        try (InputStream in = content.stream(0, content.size())) {
            OutputStream out = resp.getOutputStream();
            in.transferTo(out);
        }
    }

    /** {@code MOVE trash/{item}} with a Destination in {@code restore/}: the item goes back where it was. */
    private void restore(HttpServletRequest req, HttpServletResponse resp, Principal p, TrashbinPath path) throws IOException {
        String dest = router.destinationPath(req.getHeader("Destination"), req);
        TrashbinPath to = TrashbinPath.owns(dest) ? TrashbinPath.parse(dest) : null;
        if (to == null || to.level() != TrashbinPath.Level.RESTORE || !p.login().equals(to.user())) {
            DavErrors.send(resp, 403, "a deleted item is restored by moving it into restore/");
            return;
        }
        FilePath restored = trash.restore(p, path.key());
        StringBuilder location = new StringBuilder(router.contextPath()).append("/remote.php/dav/files/")
                .append(Hrefs.encodeSegment(p.login()));
        for (String name : restored.names()) {
            location.append('/').append(Hrefs.encodeSegment(name));
        }
        resp.setStatus(201);
        resp.setHeader("Location", location.toString());
        resp.setContentLength(0);
    }
}
