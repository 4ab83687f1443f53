package org.kiste.dav;

import java.io.IOException;

/**
 * OPTIONS answers 200 everywhere without a login (Windows probes the server root and the parents of a mount).
 * Class 1 only: class 2 is advertised once LOCK works.
 */
public final class OptionsHandler extends DavHandler {
    static final String ALLOW_TREE = "OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, COPY, MOVE, PROPFIND, PROPPATCH";

    @Override
    public String[] getMethods() {
        return new String[] {"OPTIONS"};
    }

    @Override
    protected boolean allowsVirtual() {
        return true;
    }

    @Override
    protected void handle(DavExchange x) throws IOException {
        x.resp().setStatus(200);
        x.resp().setHeader("DAV", "1, 3");
        x.resp().setHeader("Allow", ALLOW_TREE);
        x.resp().setHeader("Accept-Ranges", "bytes");
        x.resp().setContentLength(0);
    }
}
