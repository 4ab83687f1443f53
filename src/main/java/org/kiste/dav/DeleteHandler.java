package org.kiste.dav;

import java.io.IOException;

/** DELETE (RFC 4918 §9.6): atomic; a folder is detached into the trash container in one step. 204. */
public final class DeleteHandler extends DavHandler {

    @Override
    public String[] getMethods() {
        return new String[] {"DELETE"};
    }

    @Override
    protected void handle(DavExchange x) throws IOException {
        String depth = x.req().getHeader("Depth");
        if (depth != null && !depth.trim().equalsIgnoreCase("infinity")) {
            DavErrors.send(x.resp(), 400, "DELETE requires Depth: infinity");
            return;
        }
        x.files().delete(x.principal(), x.location().path(), Preconditions.forWrite(x));
        x.resp().setStatus(204);
    }
}
