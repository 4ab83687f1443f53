package org.kiste.dav;

import java.io.IOException;
import org.kiste.model.BadRequestException;

/**
 * COPY and MOVE (RFC 4918 §9.8, §9.9). Overwrite defaults to T; the Destination is a path or a same-host URL,
 * resolved by the same tree as the request: the source node decides what it can be moved or copied to (a file of
 * the tree into the tree, an upload's {@code .file} into the files, a deleted item into {@code restore/}). 201
 * when the destination was new, 204 when it was replaced.
 */
public final class CopyMoveHandler extends DavHandler {

    @Override
    public String[] getMethods() {
        return new String[] {"COPY", "MOVE"};
    }

    @Override
    protected void handle(DavExchange x, DavNode target) throws IOException {
        boolean move = "MOVE".equals(x.req().getMethod());
        boolean overwrite = Overwrite.allowed(x.req());
        String depth = x.req().getHeader("Depth");
        boolean deep = true;
        if (depth != null) {
            String d = depth.trim();
            if (d.equals("0") && !move) {
                deep = false;
            } else if (!d.equalsIgnoreCase("infinity")) {
                throw new BadRequestException(
                        move ? "MOVE requires Depth: infinity" : "COPY takes Depth 0 or infinity");
            }
        }
        DavNode destination =
                x.tree().resolve(x, x.router().destinationPath(x.req().getHeader("Destination"), x.req()));
        Outcome o = move ? target.moveTo(x, destination, overwrite) : target.copyTo(x, destination, overwrite, deep);
        Written.answer(x.resp(), o);
    }
}
