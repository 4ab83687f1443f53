package org.kiste.nextcloud.upload;

import jakarta.servlet.http.HttpServletRequest;
import org.kiste.dav.DavExchange;
import org.kiste.dav.DavNode;
import org.kiste.dav.TreeNode;
import org.kiste.model.BadRequestException;
import org.kiste.model.FilePath;

/** The request headers of the chunked upload protocol. */
final class UploadHeaders {
    private UploadHeaders() {}

    /** A byte count header, -1 when absent; 400 when it is not a non-negative integer. */
    static long length(HttpServletRequest req, String name) {
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

    /**
     * The Destination a client announces before the MOVE (on MKCOL and chunk PUTs, as chunking v2 asks): where the
     * file is headed decides whose quota its chunks count against. One that names nothing in the user's files is
     * ignored (null).
     */
    static FilePath destination(DavExchange x) {
        String h = x.req().getHeader("Destination");
        if (h == null) {
            return null;
        }
        try {
            DavNode n = x.tree().resolve(x, x.router().destinationPath(h, x.req()));
            return n instanceof TreeNode t ? t.path() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
