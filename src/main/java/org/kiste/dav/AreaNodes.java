package org.kiste.dav;

import org.kiste.model.NotFoundException;
import org.kiste.model.Principal;

/**
 * What the nodes of one {@link DavArea} share for one request: the exchange, who is asking, and the rule that a
 * path naming another user's part of the area is not found.
 */
public abstract class AreaNodes {
    private final DavExchange x;

    protected AreaNodes(DavExchange x) {
        this.x = x;
    }

    public final Principal principal() {
        return x.principal();
    }

    public final String contextPath() {
        return x.router().contextPath();
    }

    /**
     * 404 unless the path parsed and names no user or the one asking; a link's visitor, who has no account, finds
     * nothing here unless {@code linkVisitors}.
     */
    protected final void requireOwn(boolean parsed, String user, boolean linkVisitors) {
        if (!parsed
                || (!linkVisitors && principal().isLinkVisitor())
                || (user != null && !user.equals(principal().login()))) {
            throw new NotFoundException("not found");
        }
    }
}
