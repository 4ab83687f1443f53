package org.kiste.nextcloud.trashbin;

import org.kiste.dav.AreaNodes;
import org.kiste.dav.DavExchange;
import org.kiste.dav.DavNode;
import org.kiste.dav.Hrefs;
import org.kiste.dav.RestoreTarget;
import org.kiste.files.FileIds;
import org.kiste.files.TrashBin;
import org.kiste.model.FilePath;
import org.kiste.model.Node;
import org.kiste.model.NotFoundException;

/** What the nodes of the trash bin share for one request, and where a path of the area leads. */
final class TrashNodes extends AreaNodes {
    static final String COLLECTION_ALLOW = "OPTIONS, PROPFIND";
    static final String TRASH_ALLOW = "OPTIONS, PROPFIND, DELETE";
    static final String ITEM_ALLOW = "OPTIONS, PROPFIND, GET, HEAD, MOVE, DELETE";
    static final String INSIDE_ALLOW = "OPTIONS, PROPFIND, GET, HEAD";

    final TrashBin trash;
    final FileIds ids;

    TrashNodes(TrashBin trash, FileIds ids, DavExchange x) {
        super(x);
        this.trash = trash;
        this.ids = ids;
    }

    DavNode at(String rawPath) {
        TrashbinPath path = TrashbinPath.parse(rawPath);
        requireOwn(path != null, path == null ? null : path.user(), false);
        return switch (path.level()) {
            case ROOT -> new TrashCollectionNode(this, TrashCollectionNode.Kind.ROOT);
            case USER -> new TrashCollectionNode(this, TrashCollectionNode.Kind.USER);
            case TRASH -> new TrashCollectionNode(this, TrashCollectionNode.Kind.TRASH);
            case RESTORE ->
                path.key() == null
                        ? new TrashCollectionNode(this, TrashCollectionNode.Kind.RESTORE)
                        : new RestoreTarget(
                                "trashbin",
                                areaHref(TrashbinPath.RESTORE) + Hrefs.encodeSegment(path.key()),
                                path.key(),
                                COLLECTION_ALLOW);
            case ITEM -> {
                TrashBin.Item item =
                        trash.find(principal(), path.key()).orElseThrow(() -> new NotFoundException(path.key()));
                Node node = trash.inside(item, path.below()).orElseThrow(() -> new NotFoundException(path.key()));
                yield entry(item, path.below(), node);
            }
        };
    }

    /** An item, or a node inside a deleted folder. */
    DavNode entry(TrashBin.Item item, FilePath below, Node node) {
        TrashEntry e = new TrashEntry(this, item, below, node);
        return node.isFolder() ? new TrashFolderNode(e) : new TrashFileNode(e);
    }

    String userHref() {
        return TrashbinPath.userHref(contextPath(), principal().login());
    }

    String areaHref(String area) {
        return TrashbinPath.areaHref(contextPath(), principal().login(), area);
    }
}
