package org.kiste.dav;

import java.io.IOException;
import java.io.InputStream;
import org.kiste.files.Checksum;
import org.kiste.files.FilesService;
import org.kiste.files.Precondition;
import org.kiste.files.Resolved;
import org.kiste.files.WriteResult;
import org.kiste.model.FilePath;
import org.kiste.model.ForbiddenException;
import org.kiste.model.Node;
import org.kiste.model.Principal;

/**
 * A place in a files tree (a user's, or a public link's): a file, a folder, or an unmapped name. Every write goes
 * to the files core by path, which decides under its locks; the node only translates the request's headers.
 */
public abstract class TreeNode implements DavNode {
    static final String ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, COPY, MOVE, PROPFIND, PROPPATCH, LOCK, UNLOCK,"
            + " REPORT, SEARCH";

    protected final FilesService files;
    protected final Principal principal;
    protected final DavLocation location;
    private final String href;

    TreeNode(FilesService files, Principal principal, DavLocation location, String href) {
        this.files = files;
        this.principal = principal;
        this.location = location;
        this.href = href;
    }

    /** The path in the principal's tree. */
    public FilePath path() {
        return location.path();
    }

    /** Where the tree's hrefs start (the URL family the request came through). */
    public DavLocation location() {
        return location;
    }

    /** The node as the core resolved it; null when unmapped. */
    public abstract Resolved resolved();

    @Override
    public String href() {
        return href;
    }

    @Override
    public String allow() {
        return ALLOW;
    }

    @Override
    public Outcome put(DavExchange x, InputStream body, long length) throws IOException {
        Long mtime = OcMtime.millis(x.req());
        Checksum checksum = Checksum.parse(x.req().getHeader("OC-Checksum"));
        WriteResult r = files.put(
                principal,
                path(),
                body,
                length,
                mtime,
                x.req().getContentType(),
                Preconditions.forWrite(x, this),
                checksum);
        return outcome(r, location.href(path(), false), mtime != null);
    }

    @Override
    public Outcome mkcol(DavExchange x) {
        Node n = files.mkdir(principal, path(), Preconditions.forWrite(x, this));
        return new Outcome(true, n.etag(), files.ids().ocId(n.id()), n.mtime(), null, false);
    }

    @Override
    public void delete(DavExchange x) {
        files.delete(principal, path(), Preconditions.forWrite(x, this));
    }

    @Override
    public Outcome moveTo(DavExchange x, DavNode destination, boolean overwrite) {
        TreeNode to = sameTree(destination);
        Long mtime = OcMtime.millis(x.req());
        WriteResult r = files.move(
                principal, path(), to.path(), overwrite, mtime, Preconditions.forWrite(x, this), Precondition.NONE);
        return afterTransfer(to, r, mtime);
    }

    @Override
    public Outcome copyTo(DavExchange x, DavNode destination, boolean overwrite, boolean deep) {
        TreeNode to = sameTree(destination);
        Long mtime = OcMtime.millis(x.req());
        WriteResult r = files.copy(
                principal,
                path(),
                to.path(),
                overwrite,
                deep,
                mtime,
                Preconditions.forWrite(x, this),
                Precondition.NONE);
        return afterTransfer(to, r, mtime);
    }

    /**
     * Nextcloud clients (rclone) carry a file's time along a MOVE or COPY ({@code X-OC-Mtime}); the core sets it in
     * the transfer's own transaction, so the answer says it was taken when the file has it now.
     */
    private Outcome afterTransfer(TreeNode to, WriteResult r, Long mtime) {
        boolean accepted = mtime != null && !r.node().isFolder() && r.node().mtime() == mtime;
        return outcome(r, to.location.href(to.path(), r.node().isFolder()), accepted);
    }

    private Outcome outcome(WriteResult r, String createdHref, boolean mtimeAccepted) {
        Node n = r.node();
        return new Outcome(
                r.created(),
                n.etag(),
                files.ids().ocId(n.id()),
                n.mtime(),
                r.created() ? createdHref : null,
                mtimeAccepted);
    }

    /** A destination in the same files tree; anywhere else (the uploads or trash area) cannot receive this node. */
    private TreeNode sameTree(DavNode destination) {
        if (destination instanceof TreeNode t && t.principal.equals(principal)) {
            return t;
        }
        throw new ForbiddenException("the destination lies outside your files");
    }
}
