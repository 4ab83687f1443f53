package org.kiste.nextcloud.trashbin;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.kiste.blob.BlobReader;
import org.kiste.dav.DavContent;
import org.kiste.dav.DavExchange;
import org.kiste.dav.DavNode;
import org.kiste.dav.NodeProperties;
import org.kiste.dav.Outcome;

/** A deleted file (or a file inside a deleted folder): read like any file, ranges and conditions included. */
final class TrashFileNode implements DavContent {
    private final TrashEntry entry;

    TrashFileNode(TrashEntry entry) {
        this.entry = entry;
    }

    @Override
    public String href() {
        return entry.href();
    }

    @Override
    public String etag() {
        return entry.node().etag();
    }

    @Override
    public long lastModified() {
        return entry.node().mtime();
    }

    @Override
    public String allow() {
        return entry.allow();
    }

    @Override
    public NodeProperties properties() {
        return entry.properties();
    }

    @Override
    public long size() {
        return entry.node().size();
    }

    @Override
    public String contentType() {
        return entry.node().mime() == null
                ? "application/octet-stream"
                : entry.node().mime();
    }

    @Override
    public BlobReader open(DavExchange x) throws IOException {
        return entry.nodes().trash.open(entry.node());
    }

    @Override
    public void describe(DavExchange x, HttpServletResponse resp) {
        resp.setHeader("OC-FileId", entry.nodes().ids.ocId(entry.node().id()));
    }

    @Override
    public void delete(DavExchange x) {
        entry.delete(this);
    }

    @Override
    public Outcome moveTo(DavExchange x, DavNode destination, boolean overwrite) {
        return entry.moveTo(this, x, destination);
    }
}
