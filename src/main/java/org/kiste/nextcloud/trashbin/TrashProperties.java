package org.kiste.nextcloud.trashbin;

import java.io.IOException;
import java.util.List;
import javax.xml.namespace.QName;
import org.kiste.dav.HttpDates;
import org.kiste.dav.LiveProperties;
import org.kiste.dav.Multistatus;
import org.kiste.dav.NodeProperties;
import org.kiste.dav.PropContext;
import org.kiste.files.FileIds;
import org.kiste.files.TrashBin;
import org.kiste.model.Node;

/**
 * What the Nextcloud apps show of a deleted item: {@code nc:trashbin-filename}, {@code nc:trashbin-original-location}
 * (its path in the user's files, without a leading slash) and {@code nc:trashbin-deletion-time} (Unix seconds), next
 * to the usual size, type, etag, date and file id.
 *
 * @param node null for the bin's own collections
 * @param item the item when the node is one (not something inside a deleted folder), else null
 */
record TrashProperties(Node node, TrashBin.Item item, FileIds ids) implements NodeProperties {
    static final QName FILENAME = new QName(Multistatus.NC, "trashbin-filename");
    static final QName ORIGINAL_LOCATION = new QName(Multistatus.NC, "trashbin-original-location");
    static final QName DELETION_TIME = new QName(Multistatus.NC, "trashbin-deletion-time");
    private static final QName FILEID = new QName(Multistatus.OC, "fileid");
    private static final QName ID = new QName(Multistatus.OC, "id");
    private static final QName SIZE = new QName(Multistatus.OC, "size");
    private static final QName CONTENTTYPE = new QName("DAV:", "getcontenttype");
    private static final List<QName> ALL = List.of(
            LiveProperties.RESOURCETYPE,
            LiveProperties.GETCONTENTLENGTH,
            CONTENTTYPE,
            LiveProperties.GETETAG,
            LiveProperties.GETLASTMODIFIED,
            FILEID,
            ID,
            SIZE,
            FILENAME,
            ORIGINAL_LOCATION,
            DELETION_TIME);

    /** The bin's own collections: only a resource type. */
    static final TrashProperties COLLECTION = new TrashProperties(null, null, null);

    @Override
    public List<QName> allprop() {
        return ALL;
    }

    @Override
    public List<QName> names() {
        return ALL.stream().filter(this::has).toList();
    }

    @Override
    public boolean isLive(QName name) {
        return ALL.contains(name);
    }

    private boolean collection() {
        return node == null || node.isFolder();
    }

    private boolean has(QName q) {
        if (q.equals(LiveProperties.RESOURCETYPE)) {
            return true;
        }
        if (node == null) {
            return false;
        }
        if (q.equals(LiveProperties.GETCONTENTLENGTH) || q.equals(CONTENTTYPE)) {
            return !node.isFolder();
        }
        if (q.equals(FILENAME) || q.equals(ORIGINAL_LOCATION) || q.equals(DELETION_TIME)) {
            return item != null;
        }
        return q.equals(LiveProperties.GETETAG)
                || q.equals(LiveProperties.GETLASTMODIFIED)
                || q.equals(FILEID)
                || q.equals(ID)
                || q.equals(SIZE);
    }

    @Override
    public boolean write(Multistatus ms, QName q, PropContext ctx) throws IOException {
        if (!has(q)) {
            return false;
        }
        if (q.equals(LiveProperties.RESOURCETYPE)) {
            ms.writer().write(collection() ? "<d:resourcetype><d:collection/></d:resourcetype>" : "<d:resourcetype/>");
        } else if (q.equals(LiveProperties.GETCONTENTLENGTH)) {
            ms.textElement(q, Long.toString(node.size()));
        } else if (q.equals(CONTENTTYPE)) {
            ms.textElement(q, node.mime() == null ? "application/octet-stream" : node.mime());
        } else if (q.equals(LiveProperties.GETETAG)) {
            ms.textElement(q, "\"" + node.etag() + "\"");
        } else if (q.equals(LiveProperties.GETLASTMODIFIED)) {
            ms.textElement(q, HttpDates.format(node.mtime()));
        } else if (q.equals(FILEID)) {
            ms.textElement(q, Long.toString(node.id()));
        } else if (q.equals(ID)) {
            ms.textElement(q, ids.ocId(node.id()));
        } else if (q.equals(SIZE)) {
            ms.textElement(q, Long.toString(node.size()));
        } else if (q.equals(FILENAME)) {
            ms.textElement(q, item.originalName());
        } else if (q.equals(ORIGINAL_LOCATION)) {
            ms.textElement(q, item.originalLocation().toString().substring(1));
        } else {
            ms.textElement(q, Long.toString(item.deletedAtMillis() / 1000));
        }
        return true;
    }
}
