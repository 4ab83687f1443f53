package org.kiste.dav;

import java.io.IOException;
import org.kiste.model.BadRequestException;

/** DELETE (RFC 4918 §9.6): atomic; a folder goes into the trash in one step. 204. */
public final class DeleteHandler extends DavHandler {

    @Override
    public String[] getMethods() {
        return new String[] {"DELETE"};
    }

    @Override
    protected void handle(DavExchange x, DavNode target) throws IOException {
        String depth = x.req().getHeader("Depth");
        if (depth != null && !depth.trim().equalsIgnoreCase("infinity")) {
            throw new BadRequestException("DELETE requires Depth: infinity");
        }
        target.delete(x);
        x.resp().setStatus(204);
    }
}
