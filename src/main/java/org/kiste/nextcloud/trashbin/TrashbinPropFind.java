package org.kiste.nextcloud.trashbin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.namespace.QName;
import org.kiste.dav.HttpDates;
import org.kiste.dav.LiveProperties;
import org.kiste.dav.Multistatus;
import org.kiste.dav.PropFindAnswer;
import org.kiste.dav.xml.PropFindRequest;
import org.kiste.dav.xml.XmlBodyException;
import org.kiste.files.FileIds;
import org.kiste.model.FilePath;
import org.kiste.model.Node;
import org.kiste.model.NotFoundException;
import org.kiste.model.Principal;
import org.kiste.files.TrashBin;

/**
 * PROPFIND in the trash bin, with what the Nextcloud apps show of a deleted item: {@code nc:trashbin-filename},
 * {@code nc:trashbin-original-location} (its path in the user's files, without a leading slash) and
 * {@code nc:trashbin-deletion-time} (Unix seconds), next to the usual size, type, etag, date and file id.
 */
final class TrashbinPropFind {
    static final QName FILENAME = new QName(Multistatus.NC, "trashbin-filename");
    static final QName ORIGINAL_LOCATION = new QName(Multistatus.NC, "trashbin-original-location");
    static final QName DELETION_TIME = new QName(Multistatus.NC, "trashbin-deletion-time");
    private static final QName FILEID = new QName(Multistatus.OC, "fileid");
    private static final QName ID = new QName(Multistatus.OC, "id");
    private static final QName SIZE = new QName(Multistatus.OC, "size");
    private static final QName CONTENTTYPE = new QName("DAV:", "getcontenttype");
    private static final List<QName> ALL = List.of(LiveProperties.RESOURCETYPE, LiveProperties.GETCONTENTLENGTH,
            CONTENTTYPE, LiveProperties.GETETAG, LiveProperties.GETLASTMODIFIED, FILEID, ID, SIZE, FILENAME,
            ORIGINAL_LOCATION, DELETION_TIME);

    /** One listed resource: a collection of the door (node null), an item, or a node inside a deleted folder. */
    private record Entry(String href, Node node, TrashBin.Item item) {
        boolean collection() {
            return node == null || node.isFolder();
        }
    }

    private final TrashBin trash;
    private final FileIds ids;
    private final String contextPath;
    private final long maxXmlBody;

    TrashbinPropFind(TrashBin trash, FileIds ids, String contextPath, long maxXmlBody) {
        this.trash = trash;
        this.ids = ids;
        this.contextPath = contextPath;
        this.maxXmlBody = maxXmlBody;
    }

    void serve(HttpServletRequest req, HttpServletResponse resp, Principal p, TrashbinPath path)
            throws IOException, XmlBodyException {
        PropFindAnswer.Query query = PropFindAnswer.read(req, resp, maxXmlBody);
        if (query == null) {
            return;
        }
        int depth = query.depth();
        PropFindRequest request = query.request();
        String user = p.login();
        List<Entry> entries = new ArrayList<>();
        switch (path.level()) {
            case ROOT -> {
                entries.add(new Entry(contextPath + TrashbinPath.PREFIX + "/", null, null));
                if (depth == 1) {
                    entries.add(new Entry(TrashbinPath.userHref(contextPath, user), null, null));
                }
            }
            case USER -> {
                entries.add(new Entry(TrashbinPath.userHref(contextPath, user), null, null));
                if (depth == 1) {
                    entries.add(new Entry(TrashbinPath.areaHref(contextPath, user, TrashbinPath.TRASH), null, null));
                    entries.add(new Entry(TrashbinPath.areaHref(contextPath, user, TrashbinPath.RESTORE), null, null));
                }
            }
            case RESTORE -> {
                if (path.key() != null) {
                    throw new NotFoundException(path.key());
                }
                entries.add(new Entry(TrashbinPath.areaHref(contextPath, user, TrashbinPath.RESTORE), null, null));
            }
            case TRASH -> {
                entries.add(new Entry(TrashbinPath.areaHref(contextPath, user, TrashbinPath.TRASH), null, null));
                if (depth == 1) {
                    for (TrashBin.Item i : trash.list(p)) {
                        entries.add(itemEntry(user, i, FilePath.ROOT, i.node()));
                    }
                }
            }
            case ITEM -> {
                TrashBin.Item item = trash.find(p, path.key()).orElseThrow(() -> new NotFoundException(path.key()));
                Node node = trash.inside(item, path.below()).orElseThrow(() -> new NotFoundException(path.key()));
                entries.add(itemEntry(user, item, path.below(), node));
                if (depth == 1 && node.isFolder()) {
                    for (Node child : trash.children(node)) {
                        entries.add(itemEntry(user, item, path.below().child(child.name()), child));
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
        try (Multistatus ms = new Multistatus(resp)) {
            for (Entry e : entries) {
                write(ms, e, request);
            }
        }
    }

    private Entry itemEntry(String user, TrashBin.Item item, FilePath below, Node node) {
        return new Entry(TrashbinPath.itemHref(contextPath, user, item.key(), below, node.isFolder()), node,
                below.isRoot() ? item : null);
    }

    private void write(Multistatus ms, Entry e, PropFindRequest r) throws IOException {
        PropFindAnswer.write(ms, e.href(), r, ALL, q -> has(e, q), (out, q) -> value(out, e, q));
    }

    private static boolean has(Entry e, QName q) {
        if (q.equals(LiveProperties.RESOURCETYPE)) {
            return true;
        }
        if (e.node() == null) {
            return false;
        }
        if (q.equals(LiveProperties.GETCONTENTLENGTH) || q.equals(CONTENTTYPE)) {
            return !e.node().isFolder();
        }
        if (q.equals(FILENAME) || q.equals(ORIGINAL_LOCATION) || q.equals(DELETION_TIME)) {
            return e.item() != null;
        }
        return q.equals(LiveProperties.GETETAG) || q.equals(LiveProperties.GETLASTMODIFIED) || q.equals(FILEID)
                || q.equals(ID) || q.equals(SIZE);
    }

    /** Writes the property when this entry has it; false otherwise. */
    private boolean value(Multistatus ms, Entry e, QName q) throws IOException {
        if (!has(e, q)) {
            return false;
        }
        Node n = e.node();
        if (q.equals(LiveProperties.RESOURCETYPE)) {
            ms.writer().write(e.collection() ? "<d:resourcetype><d:collection/></d:resourcetype>" : "<d:resourcetype/>");
        } else if (q.equals(LiveProperties.GETCONTENTLENGTH)) {
            ms.textElement(q, Long.toString(n.size()));
        } else if (q.equals(CONTENTTYPE)) {
            ms.textElement(q, n.mime() == null ? "application/octet-stream" : n.mime());
        } else if (q.equals(LiveProperties.GETETAG)) {
            ms.textElement(q, "\"" + n.etag() + "\"");
        } else if (q.equals(LiveProperties.GETLASTMODIFIED)) {
            ms.textElement(q, HttpDates.format(n.mtime()));
        } else if (q.equals(FILEID)) {
            ms.textElement(q, Long.toString(n.id()));
        } else if (q.equals(ID)) {
            ms.textElement(q, ids.ocId(n.id()));
        } else if (q.equals(SIZE)) {
            ms.textElement(q, Long.toString(n.size()));
        } else if (q.equals(FILENAME)) {
            ms.textElement(q, e.item().originalName());
        } else if (q.equals(ORIGINAL_LOCATION)) {
            ms.textElement(q, e.item().originalLocation().toString().substring(1));
        } else {
            ms.textElement(q, Long.toString(e.item().deletedAtMillis() / 1000));
        }
        return true;
    }
}
