package org.kiste.dav;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.kiste.files.FilesService;
import org.kiste.files.Resolved;
import org.kiste.files.TreeListing;
import org.kiste.model.ContentDetails;
import org.kiste.model.Principal;

/** A folder of a files tree: its members come from the core page by page (mounts included in a user's folders). */
public final class FolderNode extends TreeNode implements DavCollection {
    private static final int PAGE = 1000;
    /** A tree walk holds one page per level it is in. */
    private static final int TREE_PAGE = 500;

    private final Resolved folder;

    FolderNode(FilesService files, Principal principal, DavLocation location, String href, Resolved folder) {
        super(files, principal, location, href.endsWith("/") ? href : href + "/");
        this.folder = folder;
    }

    @Override
    public Resolved resolved() {
        return folder;
    }

    @Override
    public String etag() {
        return folder.node().etag();
    }

    @Override
    public long lastModified() {
        return folder.node().mtime();
    }

    @Override
    public NodeProperties properties() {
        return new TreeProperties(folder);
    }

    @Override
    public void members(DavExchange x, Members sink) throws IOException {
        members(x, ContentDetails.INCLUDED, sink);
    }

    /** With {@link ContentDetails#OMITTED}, the listing does not read the files' blob rows. */
    @Override
    public void members(DavExchange x, ContentDetails details, Members sink) throws IOException {
        files.list(principal, folder, PAGE, details, page -> {
            List<TreeNode> out = new ArrayList<>(page.size());
            for (Resolved r : files.children(principal, folder, page)) {
                out.add(child(r));
            }
            sink.accept(out);
        });
    }

    /** Every entry below this folder, page by page, each with its href below this folder's (as the client wrote it). */
    void walk(TreeListing listing, Members sink) throws IOException {
        listing.walk(TREE_PAGE, (parent, page) -> {
            FolderNode at = below(parent);
            List<TreeNode> out = new ArrayList<>(page.size());
            for (Resolved r : page) {
                out.add(at.child(r));
            }
            sink.accept(out);
        });
    }

    /** The folder {@code f} of this folder's tree walk, its href below this folder's. */
    private FolderNode below(Resolved f) {
        int from = folder.path().depth();
        List<String> names = f.path().names();
        if (names.size() == from) {
            return this;
        }
        StringBuilder h = new StringBuilder(href());
        for (int i = from; i < names.size(); i++) {
            h.append(Hrefs.encodeSegment(names.get(i))).append('/');
        }
        DavLocation at = new DavLocation(DavLocation.Kind.TREE, location().hrefBase(), f.path());
        return new FolderNode(files, principal, at, h.toString(), f);
    }

    /** A member, its href below this folder's (as the client wrote it). */
    TreeNode child(Resolved r) {
        DavLocation at = new DavLocation(DavLocation.Kind.TREE, location().hrefBase(), r.path());
        String childHref = href() + Hrefs.encodeSegment(r.node().name());
        return r.isFolder()
                ? new FolderNode(files, principal, at, childHref, r)
                : new FileNode(files, principal, at, childHref, r);
    }
}
