package org.kiste.dav;

import java.io.IOException;

/**
 * OPTIONS answers 200 everywhere without a login (Windows probes the server root and the parents of a mount),
 * announcing class 1, 2 (locking) and 3, the methods of the resource kind the URL names, and, for Microsoft's
 * clients, {@code MS-Author-Via: DAV}. Nothing is looked up: the answer is the same whether something is there.
 */
public final class OptionsHandler extends DavHandler {
    static final String ALLOW_TREE = TreeNode.ALLOW;

    @Override
    public String[] getMethods() {
        return new String[] {"OPTIONS"};
    }

    @Override
    protected void handle(DavExchange x, DavNode target) throws IOException {
        x.resp().setStatus(200);
        x.resp().setHeader("DAV", "1, 2, 3");
        x.resp().setHeader("MS-Author-Via", "DAV");
        x.resp().setHeader("Allow", x.tree().allow(x.rawPath()));
        x.resp().setHeader("Accept-Ranges", "bytes");
        x.resp().setContentLength(0);
    }
}
