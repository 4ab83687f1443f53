package org.kiste.dav;

import jakarta.servlet.http.HttpServletResponse;

/** The answer to a write (PUT, MKCOL, COPY, MOVE): 201 or 204, with what the client learns of the result. */
final class Written {
    private Written() {}

    static void answer(HttpServletResponse resp, Outcome o) {
        if (o.etag() != null) {
            resp.setHeader("ETag", "\"" + o.etag() + "\"");
            resp.setHeader("OC-ETag", "\"" + o.etag() + "\"");
        }
        if (o.fileId() != null) {
            resp.setHeader("OC-FileId", o.fileId());
        }
        if (o.lastModified() >= 0) {
            resp.setHeader("Last-Modified", HttpDates.format(o.lastModified()));
        }
        if (o.mtimeAccepted()) {
            resp.setHeader(OcMtime.REPLY_HEADER, "accepted");
        }
        if (o.created()) {
            resp.setStatus(201);
            if (o.location() != null) {
                resp.setHeader("Location", o.location());
            }
        } else {
            resp.setStatus(204);
        }
        resp.setContentLength(0);
    }
}
