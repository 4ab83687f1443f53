package org.kiste.dav;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.kiste.blob.BlobReader;
import org.kiste.files.Checksum;
import org.kiste.files.FilesService;
import org.kiste.files.Resolved;
import org.kiste.model.Node;
import org.kiste.model.Principal;

/** A file of a files tree. */
public final class FileNode extends TreeNode implements DavContent {
    private final Resolved file;

    FileNode(FilesService files, Principal principal, DavLocation location, String href, Resolved file) {
        super(files, principal, location, href);
        this.file = file;
    }

    @Override
    public Resolved resolved() {
        return file;
    }

    @Override
    public String etag() {
        return file.node().etag();
    }

    @Override
    public long lastModified() {
        return file.node().mtime();
    }

    @Override
    public long size() {
        return file.node().size();
    }

    @Override
    public String contentType() {
        return file.node().mime() == null
                ? "application/octet-stream"
                : file.node().mime();
    }

    @Override
    public BlobReader open(DavExchange x) throws IOException {
        return files.open(principal, file);
    }

    @Override
    public void describe(DavExchange x, HttpServletResponse resp) {
        Node n = file.node();
        resp.setHeader("OC-FileId", files.ids().ocId(n.id()));
        String checksum = Checksum.sha1Header(n);
        if (checksum != null) {
            resp.setHeader("OC-Checksum", checksum);
        }
    }

    @Override
    public NodeProperties properties() {
        return new TreeProperties(file);
    }
}
