package org.kiste.nextcloud.upload;

import java.io.IOException;
import java.util.List;
import javax.xml.namespace.QName;
import org.kiste.dav.HttpDates;
import org.kiste.dav.LiveProperties;
import org.kiste.dav.Multistatus;
import org.kiste.dav.NodeProperties;
import org.kiste.dav.PropContext;

/**
 * What a client needs to resume an upload (the desktop reads each chunk's size, Android its name):
 * {@code resourcetype}, {@code getcontentlength}, {@code getetag}, {@code getlastmodified}.
 *
 * @param size         -1 for a collection
 * @param etag         null when none
 * @param lastModified -1 when none
 */
record UploadProperties(boolean collection, long size, String etag, long lastModified) implements NodeProperties {
    private static final List<QName> ALL = List.of(
            LiveProperties.RESOURCETYPE,
            LiveProperties.GETCONTENTLENGTH,
            LiveProperties.GETETAG,
            LiveProperties.GETLASTMODIFIED);

    static UploadProperties collectionOnly() {
        return new UploadProperties(true, -1, null, -1);
    }

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

    private boolean has(QName q) {
        if (q.equals(LiveProperties.RESOURCETYPE)) {
            return true;
        } else if (q.equals(LiveProperties.GETCONTENTLENGTH)) {
            return !collection;
        } else if (q.equals(LiveProperties.GETETAG)) {
            return etag != null;
        } else if (q.equals(LiveProperties.GETLASTMODIFIED)) {
            return lastModified >= 0;
        }
        return false;
    }

    @Override
    public boolean write(Multistatus ms, QName q, PropContext ctx) throws IOException {
        if (!has(q)) {
            return false;
        }
        if (q.equals(LiveProperties.RESOURCETYPE)) {
            ms.writer().write(collection ? "<d:resourcetype><d:collection/></d:resourcetype>" : "<d:resourcetype/>");
        } else if (q.equals(LiveProperties.GETCONTENTLENGTH)) {
            ms.textElement(q, Long.toString(size));
        } else if (q.equals(LiveProperties.GETETAG)) {
            ms.textElement(q, "\"" + etag + "\"");
        } else {
            ms.textElement(q, HttpDates.format(lastModified));
        }
        return true;
    }
}
