package org.kiste.dav;

import java.io.IOException;

/** MKCOL (RFC 4918 §9.3): 201, 405 when something exists, 409 without a parent, 415 with a body. */
public final class MkcolHandler extends DavHandler {

    @Override
    public String[] getMethods() {
        return new String[] {"MKCOL"};
    }

    @Override
    protected void handle(DavExchange x, DavNode target) throws IOException {
        if (x.req().getContentLengthLong() > 0 || x.req().getHeader("Transfer-Encoding") != null) {
            x.req().getInputStream().skip(Long.MAX_VALUE);
            DavErrors.send(x.resp(), 415, "MKCOL with a body is not supported");
            return;
        }
        Outcome o = target.mkcol(x);
        Written.answer(x.resp(), new Outcome(true, o.etag(), o.fileId(), -1, null, false));
    }
}
