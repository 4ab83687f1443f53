package org.kiste.nextcloud.trashbin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.kiste.dav.DavCollection;
import org.kiste.dav.DavExchange;
import org.kiste.dav.DavNode;
import org.kiste.dav.NodeProperties;
import org.kiste.dav.Outcome;
import org.kiste.model.Node;

/** A deleted folder (or a folder inside one): browsed with PROPFIND. */
final class TrashFolderNode implements DavCollection {
    private final TrashEntry entry;

    TrashFolderNode(TrashEntry entry) {
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
    public void members(DavExchange x, Members sink) throws IOException {
        List<DavNode> out = new ArrayList<>();
        for (Node child : entry.nodes().trash.children(entry.node())) {
            out.add(entry.nodes().entry(entry.item(), entry.below().child(child.name()), child));
        }
        sink.accept(out);
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
