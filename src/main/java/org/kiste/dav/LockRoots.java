package org.kiste.dav;

import java.util.Optional;
import org.kiste.files.Resolved;
import org.kiste.model.FilePath;

/** The href of the node a WebDAV lock is rooted at, in the URL family of the request (or its user's files). */
final class LockRoots {
    private LockRoots() {}

    static String href(DavExchange x, long nodeId) {
        Optional<Resolved> at = x.files().locate(x.principal(), nodeId);
        DavLocation base = base(x);
        return at.map(r -> base.href(r.path(), r.isFolder())).orElse(base.href(FilePath.ROOT, true));
    }

    /** The request's files family, or the canonical one of the user's files for the other areas. */
    private static DavLocation base(DavExchange x) {
        if (x.target() instanceof TreeNode t) {
            return t.location();
        }
        return new DavLocation(
                DavLocation.Kind.TREE,
                x.router().contextPath()
                        + DavRouter.FILES
                        + Hrefs.encodeSegment(x.principal().login()),
                FilePath.ROOT);
    }
}
