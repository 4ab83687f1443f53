package org.kiste.dav;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kiste.files.FilesService;
import org.kiste.files.LockService;
import org.kiste.model.Principal;

/**
 * One WebDAV request as the handlers and nodes see it: the servlet pair, who is asking, the raw path it names
 * (below the context path, still percent-encoded), the tree that resolves paths to nodes, and the router of the
 * files trees it may reach (a user's, or a link's).
 */
public record DavExchange(
        HttpServletRequest req,
        HttpServletResponse resp,
        Principal principal,
        String rawPath,
        DavTree tree,
        DavRouter router,
        FilesService files,
        long maxXmlBody) {
    public LockService locks() {
        return files.locks();
    }

    /** The node the request names (perhaps unmapped, never null). */
    public DavNode target() {
        return tree.resolve(this, rawPath);
    }
}
