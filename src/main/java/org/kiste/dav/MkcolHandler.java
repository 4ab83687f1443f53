package org.kiste.dav;

import java.io.IOException;
import org.kiste.model.Node;

/** MKCOL (RFC 4918 §9.3): 201, 405 when something exists, 409 without a parent, 415 with a body. */
public final class MkcolHandler extends DavHandler {

    @Override
    public String[] getMethods() {
        return new String[] {"MKCOL"};
    }

    @Override
    protected void handle(DavExchange x) throws IOException {
        if (x.req().getContentLengthLong() > 0 || x.req().getHeader("Transfer-Encoding") != null) {
            x.req().getInputStream().skip(Long.MAX_VALUE);
            DavErrors.send(x.resp(), 415, "MKCOL with a body is not supported");
            return;
        }
        Node n = x.files().mkdir(x.principal(), x.location().path(), Preconditions.forWrite(x));
        x.resp().setStatus(201);
        x.resp().setHeader("OC-FileId", x.files().ids().ocId(n.id()));
        x.resp().setHeader("ETag", "\"" + n.etag() + "\"");
        x.resp().setContentLength(0);
    }
}
