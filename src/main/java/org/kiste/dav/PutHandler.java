package org.kiste.dav;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.kiste.model.BadRequestException;

/**
 * PUT: the body streams into the node (never into memory). 201 for a new resource, 204 for a replaced one; 409
 * when the parent folder is missing; 400 for Content-Range (RFC 9110 §14.4) and for the old ownCloud chunking
 * ({@code OC-Chunked}), which Kiste does not offer (its capabilities say {@code bigfilechunking: false}; clients
 * use the chunked upload under {@code /remote.php/dav/uploads/}). A chunked body from macOS Finder is checked
 * against X-Expected-Entity-Length.
 */
public final class PutHandler extends DavHandler {

    @Override
    public String[] getMethods() {
        return new String[] {"PUT"};
    }

    @Override
    protected void handle(DavExchange x, DavNode target) throws IOException {
        HttpServletResponse resp = x.resp();
        if (x.req().getHeader("Content-Range") != null) {
            throw new BadRequestException("partial PUT with Content-Range is not supported");
        }
        if (x.req().getHeader("OC-Chunked") != null) {
            throw new BadRequestException("OC-Chunked uploads are not supported: use the chunked upload under"
                    + " /remote.php/dav/uploads/ (the capabilities say bigfilechunking: false)");
        }
        long length = x.req().getContentLengthLong();
        if (length < 0) {
            String expected = x.req().getHeader("X-Expected-Entity-Length");
            if (expected != null) {
                try {
                    length = Long.parseLong(expected.trim());
                } catch (NumberFormatException e) {
                    throw new BadRequestException("bad X-Expected-Entity-Length");
                }
            }
        }
        Outcome o;
        try (InputStream body = new LazyRequestBody(x.req())) {
            o = target.put(x, body, length);
        }
        Written.answer(resp, o);
    }
}
