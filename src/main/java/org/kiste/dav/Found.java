package org.kiste.dav;

import java.util.ArrayList;
import java.util.List;
import org.kiste.files.Located;
import org.kiste.files.Resolved;

/** Items found anywhere in a user's tree (favourites, search hits) as nodes, their hrefs below {@code base}. */
final class Found {
    private Found() {}

    static List<TreeNode> nodes(DavExchange x, DavLocation base, List<Located> items) {
        List<TreeNode> out = new ArrayList<>(items.size());
        for (Located l : items) {
            // each item with the permissions and mount of where it lies (a team folder, a share), not the scope's;
            // its chain is the item alone: lock discovery shows locks rooted at the item itself
            Resolved at = x.files().placed(x.principal(), l);
            DavLocation loc = new DavLocation(DavLocation.Kind.TREE, base.hrefBase(), l.path());
            String href = base.href(l.path(), l.node().isFolder());
            out.add(
                    at.isFolder()
                            ? new FolderNode(x.files(), x.principal(), loc, href, at)
                            : new FileNode(x.files(), x.principal(), loc, href, at));
        }
        return out;
    }
}
