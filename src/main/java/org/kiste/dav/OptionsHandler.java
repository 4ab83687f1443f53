package org.kiste.dav;

import java.io.IOException;

/**
 * OPTIONS answers 200 everywhere without a login (Windows probes the server root and the parents of a mount),
 * announcing class 1, 2 (locking) and 3 and, for Microsoft's clients, {@code MS-Author-Via: DAV}.
 */
public final class OptionsHandler extends DavHandler {
    static final String ALLOW_TREE = "OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, COPY, MOVE, PROPFIND, PROPPATCH, LOCK, UNLOCK, REPORT, SEARCH";

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
        x.resp().setHeader("DAV", "1, 2, 3");
        x.resp().setHeader("MS-Author-Via", "DAV");
        x.resp().setHeader("Allow", ALLOW_TREE);
        x.resp().setHeader("Accept-Ranges", "bytes");
        x.resp().setContentLength(0);
    }
}
