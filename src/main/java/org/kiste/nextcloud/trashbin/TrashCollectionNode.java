package org.kiste.nextcloud.trashbin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.kiste.dav.DavCollection;
import org.kiste.dav.DavExchange;
import org.kiste.dav.DavNode;
import org.kiste.dav.NodeProperties;
import org.kiste.files.TrashBin;
import org.kiste.model.FilePath;

/**
 * The collections of the trash bin: {@code trashbin/}, the user's {@code trashbin/{user}/}, its items
 * ({@code trash/}, whose DELETE empties the bin) and {@code restore/}, where items are moved to be put back.
 */
final class TrashCollectionNode implements DavCollection {
    enum Kind {
        ROOT,
        USER,
        TRASH,
        RESTORE
    }

    private final TrashNodes nodes;
    private final Kind kind;

    TrashCollectionNode(TrashNodes nodes, Kind kind) {
        this.nodes = nodes;
        this.kind = kind;
    }

    @Override
    public String href() {
        return switch (kind) {
            case ROOT -> nodes.contextPath() + TrashbinPath.PREFIX + "/";
            case USER -> nodes.userHref();
            case TRASH -> nodes.areaHref(TrashbinPath.TRASH);
            case RESTORE -> nodes.areaHref(TrashbinPath.RESTORE);
        };
    }

    @Override
    public String allow() {
        return kind == Kind.TRASH ? TrashNodes.TRASH_ALLOW : TrashNodes.COLLECTION_ALLOW;
    }

    @Override
    public NodeProperties properties() {
        return TrashProperties.COLLECTION;
    }

    @Override
    public void members(DavExchange x, Members sink) throws IOException {
        List<DavNode> out = new ArrayList<>();
        switch (kind) {
            case ROOT -> out.add(new TrashCollectionNode(nodes, Kind.USER));
            case USER -> {
                out.add(new TrashCollectionNode(nodes, Kind.TRASH));
                out.add(new TrashCollectionNode(nodes, Kind.RESTORE));
            }
            case TRASH -> {
                for (TrashBin.Item i : nodes.trash.list(nodes.principal())) {
                    out.add(nodes.entry(i, FilePath.ROOT, i.node()));
                }
            }
            case RESTORE -> {}
        }
        sink.accept(out);
    }

    @Override
    public void delete(DavExchange x) {
        if (kind != Kind.TRASH) {
            throw refused("DELETE");
        }
        nodes.trash.empty(nodes.principal());
    }
}
