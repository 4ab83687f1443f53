package org.kiste.dav;

import java.io.IOException;
import java.util.List;
import org.kiste.files.Precondition;
import org.kiste.files.Resolved;
import org.kiste.files.WriteResult;

/**
 * COPY and MOVE (RFC 4918 §9.8, §9.9). Overwrite defaults to T; the Destination is a path or a same-host URL
 * into the principal's own tree. 201 when the destination was new, 204 when it was replaced. {@code X-OC-Mtime}
 * sets the time of a moved or copied file.
 */
public final class CopyMoveHandler extends DavHandler {

    @Override
    public String[] getMethods() {
        return new String[] {"COPY", "MOVE"};
    }

    @Override
    protected void handle(DavExchange x) throws IOException {
        boolean move = "MOVE".equals(x.req().getMethod());
        boolean overwrite = Overwrite.allowed(x.req());
        String depth = x.req().getHeader("Depth");
        boolean deep = true;
        if (depth != null) {
            String d = depth.trim();
            if (d.equals("0") && !move) {
                deep = false;
            } else if (!d.equalsIgnoreCase("infinity")) {
                DavErrors.send(x.resp(), 400, move ? "MOVE requires Depth: infinity" : "COPY takes Depth 0 or infinity");
                return;
            }
        }
        DavLocation dest;
        try {
            dest = x.router().destination(x.req().getHeader("Destination"), x.req(), x.principal());
        } catch (DavRouter.DestinationElsewhereException e) {
            DavErrors.send(x.resp(), 502, e.getMessage());
            return;
        }
        Long mtime = OcMtime.millis(x.req());
        Precondition src = Preconditions.forWrite(x);
        WriteResult r = move
                ? x.files().move(x.principal(), x.location().path(), dest.path(), overwrite, src, Precondition.NONE)
                : x.files().copy(x.principal(), x.location().path(), dest.path(), overwrite, deep, src, Precondition.NONE);
        if (mtime != null && !r.node().isFolder()) {
            // Nextcloud clients (rclone) carry the file's time along; the lock rules of the destination apply
            Resolved moved = x.files().resolve(x.principal(), dest.path());
            x.files().patchProperties(x.principal(), moved, List.of(), mtime, Precondition.NONE, false);
            x.resp().setHeader(OcMtime.REPLY_HEADER, "accepted");
        }
        x.resp().setStatus(r.created() ? 201 : 204);
        x.resp().setHeader("OC-FileId", x.files().ids().ocId(r.node().id()));
        x.resp().setHeader("ETag", "\"" + r.node().etag() + "\"");
        x.resp().setHeader("OC-ETag", "\"" + r.node().etag() + "\"");
        if (r.created()) {
            x.resp().setHeader("Location", dest.href(dest.path(), r.node().isFolder()));
        }
        x.resp().setContentLength(0);
    }
}
