package org.kiste.nextcloud.trashbin;

import org.kiste.dav.DavArea;
import org.kiste.dav.DavExchange;
import org.kiste.dav.DavNode;
import org.kiste.files.FileIds;
import org.kiste.files.TrashBin;

/**
 * The trash bin, {@code /remote.php/dav/trashbin/{user}/…}, as nodes of the WebDAV tree, as the Nextcloud apps use
 * it: PROPFIND lists {@code trash/} (and what lies inside a deleted folder), GET reads a deleted file (ranges and
 * conditions as for any file), {@code MOVE trash/{item}} to {@code restore/…} puts the item back where it was,
 * DELETE of an item removes it for good and DELETE of {@code trash/} empties the bin. Another user's trash bin is
 * not found.
 */
public final class TrashbinArea implements DavArea {
    private final TrashBin trash;
    private final FileIds ids;

    public TrashbinArea(TrashBin trash, FileIds ids) {
        this.trash = trash;
        this.ids = ids;
    }

    @Override
    public boolean owns(String rawPath) {
        return TrashbinPath.owns(rawPath);
    }

    @Override
    public String allow(String rawPath) {
        TrashbinPath path = TrashbinPath.parse(rawPath);
        if (path == null) {
            return "OPTIONS";
        }
        return switch (path.level()) {
            case ROOT, USER, RESTORE -> TrashNodes.COLLECTION_ALLOW;
            case TRASH -> TrashNodes.TRASH_ALLOW;
            case ITEM -> path.below().isRoot() ? TrashNodes.ITEM_ALLOW : TrashNodes.INSIDE_ALLOW;
        };
    }

    @Override
    public DavNode resolve(DavExchange x, String rawPath) {
        return new TrashNodes(trash, ids, x).at(rawPath);
    }
}
