package org.kiste.dav;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.kiste.files.Checksum;
import org.kiste.model.Node;
import org.kiste.files.WriteResult;

/**
 * PUT: the body streams into the blob store (never into memory), then one transaction publishes it.
 * 201 for a new file, 204 for a replaced one; 409 when the parent folder is missing; 400 for Content-Range
 * (RFC 9110 §14.4). A chunked body from macOS Finder is checked against X-Expected-Entity-Length.
 */
public final class PutHandler extends DavHandler {

    @Override
    public String[] getMethods() {
        return new String[] {"PUT"};
    }

    @Override
    protected void handle(DavExchange x) throws IOException {
        HttpServletResponse resp = x.resp();
        if (x.req().getHeader("Content-Range") != null) {
            DavErrors.send(resp, 400, "partial PUT with Content-Range is not supported");
            return;
        }
        if (x.location().path().isRoot() && !x.principal().isLinkToFile()) {
            DavErrors.send(resp, 405, "cannot PUT to a folder");
            return;
        }
        long length = x.req().getContentLengthLong();
        if (length < 0) {
            String expected = x.req().getHeader("X-Expected-Entity-Length");
            if (expected != null) {
                try {
                    length = Long.parseLong(expected.trim());
                } catch (NumberFormatException e) {
                    DavErrors.send(resp, 400, "bad X-Expected-Entity-Length");
                    return;
                }
            }
        }
        Long mtime = OcMtime.millis(x.req());
        Checksum checksum = Checksum.parse(x.req().getHeader("OC-Checksum"));
        WriteResult r;
        try (InputStream body = x.req().getInputStream()) {
            r = x.files().put(x.principal(), x.location().path(), body, length, mtime, x.req().getContentType(),
                    Preconditions.forWrite(x), checksum);
        }
        Node n = r.node();
        resp.setHeader("ETag", "\"" + n.etag() + "\"");
        resp.setHeader("OC-ETag", "\"" + n.etag() + "\"");
        resp.setHeader("OC-FileId", x.files().ids().ocId(n.id()));
        resp.setHeader("Last-Modified", HttpDates.format(n.mtime()));
        if (mtime != null) {
            resp.setHeader(OcMtime.REPLY_HEADER, "accepted");
        }
        if (r.created()) {
            resp.setStatus(201);
            resp.setHeader("Location", x.location().href(x.location().path(), false));
        } else {
            resp.setStatus(204);
        }
        resp.setContentLength(0);
    }
}
