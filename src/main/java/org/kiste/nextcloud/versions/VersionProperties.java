package org.kiste.nextcloud.versions;

import java.io.IOException;
import java.util.List;
import javax.xml.namespace.QName;
import org.kiste.dav.HttpDates;
import org.kiste.dav.LiveProperties;
import org.kiste.dav.Multistatus;
import org.kiste.dav.NodeProperties;
import org.kiste.dav.PropContext;
import org.kiste.model.FileVersion;

/**
 * What the Nextcloud apps show of a version: size, type, etag and date (its name, in Unix seconds, stands for the
 * date), {@code nc:version-label} (empty when it has none) and {@code nc:version-author} (the login of who wrote
 * that content).
 *
 * @param version null for the area's collections
 */
record VersionProperties(FileVersion version, long fileId) implements NodeProperties {
    static final QName LABEL = new QName(Multistatus.NC, "version-label");
    static final QName AUTHOR = new QName(Multistatus.NC, "version-author");
    private static final QName CONTENTTYPE = new QName("DAV:", "getcontenttype");
    private static final QName FILEID = new QName(Multistatus.OC, "fileid");
    private static final List<QName> ALL = List.of(
            LiveProperties.RESOURCETYPE,
            LiveProperties.GETCONTENTLENGTH,
            CONTENTTYPE,
            LiveProperties.GETETAG,
            LiveProperties.GETLASTMODIFIED,
            FILEID,
            LABEL,
            AUTHOR);

    /** The area's collections: only a resource type. */
    static final VersionProperties COLLECTION = new VersionProperties(null, -1);

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
        }
        if (version == null) {
            return false;
        }
        return !q.equals(AUTHOR) || version.author() != null;
    }

    @Override
    public boolean write(Multistatus ms, QName q, PropContext ctx) throws IOException {
        if (!has(q)) {
            return false;
        }
        if (q.equals(LiveProperties.RESOURCETYPE)) {
            ms.writer()
                    .write(version == null ? "<d:resourcetype><d:collection/></d:resourcetype>" : "<d:resourcetype/>");
        } else if (q.equals(LiveProperties.GETCONTENTLENGTH)) {
            ms.textElement(q, Long.toString(version.size()));
        } else if (q.equals(CONTENTTYPE)) {
            ms.textElement(q, version.mime() == null ? "application/octet-stream" : version.mime());
        } else if (q.equals(LiveProperties.GETETAG)) {
            ms.textElement(q, "\"" + version.etag() + "\"");
        } else if (q.equals(LiveProperties.GETLASTMODIFIED)) {
            ms.textElement(q, HttpDates.format(version.revisionMillis()));
        } else if (q.equals(FILEID)) {
            ms.textElement(q, Long.toString(fileId));
        } else if (q.equals(LABEL)) {
            ms.textElement(q, version.label() == null ? "" : version.label());
        } else {
            ms.textElement(q, version.author());
        }
        return true;
    }
}
