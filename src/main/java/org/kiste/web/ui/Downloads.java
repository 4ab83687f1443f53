package org.kiste.web.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.kiste.blob.BlobReader;
import org.kiste.files.ContentPolicy;
import org.kiste.files.FilesService;
import org.kiste.files.Resolved;
import org.kiste.model.FilePath;
import org.kiste.model.Node;
import org.kiste.model.Principal;
import org.kiste.web.BlobBody;
import org.kiste.web.publiclink.FolderZip;

/**
 * {@code GET /ui/download?path=/a/b}: a file as an attachment, or a folder as a streamed zip, read through the
 * files core with the user's own permissions. Nothing is ever shown inline in Kiste's origin.
 */
final class Downloads {
    /** What the page answers when the download cannot be offered. */
    static final class TooLarge extends Exception {
        TooLarge() {
            super("folder too large", null, false, false);
        }
    }

    private final FilesService files;

    Downloads(FilesService files) {
        this.files = files;
    }

    void send(Principal user, String path, HttpServletRequest req, HttpServletResponse resp)
            throws IOException, TooLarge {
        FilePath p = path == null || path.isEmpty() || path.equals("/") ? FilePath.ROOT : FilePath.parse(path);
        Resolved item = files.resolve(user, p);
        boolean head = "HEAD".equals(req.getMethod());
        resp.setHeader("Cache-Control", "private, no-store");
        resp.setHeader("Referrer-Policy", "no-referrer");
        if (item.isFolder()) {
            String name = p.isRoot() ? "files" : item.node().name();
            FolderZip zip;
            try {
                zip = FolderZip.of(files, user, item, name);
            } catch (FolderZip.TooLargeException e) {
                throw new TooLarge();
            }
            resp.setStatus(200);
            resp.setContentType("application/zip");
            resp.setHeader("Content-Disposition", "attachment" + ContentPolicy.filename(name + ".zip"));
            resp.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
            resp.setHeader("X-Content-Type-Options", "nosniff");
            if (!head) {
                zip.write(resp.getOutputStream());
            }
            return;
        }
        Node n = item.node();
        // opened before anything is sent: content that cannot be read fails with a clean error, not a cut 200
        try (BlobReader content = head ? null : files.open(user, item)) {
            resp.setStatus(200);
            ContentPolicy.download(n.mime(), n.name()).forEach(resp::setHeader);
            resp.setContentLengthLong(n.size());
            resp.setHeader("ETag", "\"" + n.etag() + "\"");
            resp.setDateHeader("Last-Modified", n.mtime());
            if (content != null) {
                BlobBody.send(resp, content, 0, content.size());
            }
        }
    }
}
