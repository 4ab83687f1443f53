package org.kiste.dav;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.namespace.QName;
import org.kiste.dav.xml.PropFindRequest;
import org.kiste.files.LockService;
import org.kiste.files.Resolved;
import org.kiste.model.ContentDetails;
import org.kiste.model.Node;

/** The DAV: properties Kiste computes (RFC 4918 §15, RFC 4331); they cannot be set by PROPPATCH. */
public final class LiveProperties {
    public static final QName RESOURCETYPE = dav("resourcetype");
    public static final QName GETCONTENTLENGTH = dav("getcontentlength");
    public static final QName GETCONTENTTYPE = dav("getcontenttype");
    public static final QName GETETAG = dav("getetag");
    public static final QName GETLASTMODIFIED = dav("getlastmodified");
    public static final QName CREATIONDATE = dav("creationdate");
    public static final QName QUOTA_USED = dav("quota-used-bytes");
    public static final QName QUOTA_AVAILABLE = dav("quota-available-bytes");
    public static final QName LOCKDISCOVERY = dav("lockdiscovery");
    public static final QName SUPPORTEDLOCK = dav("supportedlock");

    /**
     * What allprop returns: on collections also the RFC 4331 quota properties, as SabreDAV sends them (clients such
     * as the npm {@code webdav} library read the quota from an allprop answer).
     */
    public static final List<QName> ALLPROP = List.of(
            RESOURCETYPE,
            GETCONTENTLENGTH,
            GETCONTENTTYPE,
            GETETAG,
            GETLASTMODIFIED,
            CREATIONDATE,
            QUOTA_USED,
            QUOTA_AVAILABLE,
            SUPPORTEDLOCK,
            LOCKDISCOVERY,
            NextcloudProperties.ID,
            NextcloudProperties.FILEID,
            NextcloudProperties.PERMISSIONS,
            NextcloudProperties.SIZE);

    private static final Set<QName> LIVE = Set.of(
            RESOURCETYPE,
            GETCONTENTLENGTH,
            GETCONTENTTYPE,
            GETETAG,
            GETLASTMODIFIED,
            CREATIONDATE,
            QUOTA_USED,
            QUOTA_AVAILABLE,
            LOCKDISCOVERY,
            SUPPORTEDLOCK);

    /** PROPPATCH may not set these (getlastmodified is settable, as in Nextcloud: it sets the mtime). */
    private static final Set<QName> PROTECTED = Set.of(
            RESOURCETYPE,
            GETCONTENTLENGTH,
            GETETAG,
            CREATIONDATE,
            QUOTA_USED,
            QUOTA_AVAILABLE,
            LOCKDISCOVERY,
            SUPPORTEDLOCK,
            dav("getcontenttype"));

    private LiveProperties() {}

    static QName dav(String local) {
        return new QName("DAV:", local);
    }

    /** Computed properties, DAV: and Nextcloud's: never looked up among the dead ones. */
    public static boolean isLive(QName q) {
        return LIVE.contains(q) || NextcloudProperties.isLive(q);
    }

    public static boolean isProtected(QName q) {
        return PROTECTED.contains(q) || NextcloudProperties.isProtected(q);
    }

    /** Names that apply to this node (for propname). */
    public static List<QName> namesFor(Node n) {
        return n.isFolder()
                ? List.of(
                        RESOURCETYPE,
                        GETETAG,
                        GETLASTMODIFIED,
                        CREATIONDATE,
                        QUOTA_USED,
                        QUOTA_AVAILABLE,
                        SUPPORTEDLOCK,
                        LOCKDISCOVERY,
                        NextcloudProperties.ID,
                        NextcloudProperties.FILEID,
                        NextcloudProperties.PERMISSIONS,
                        NextcloudProperties.SIZE,
                        NextcloudProperties.FAVORITE)
                : List.of(
                        RESOURCETYPE,
                        GETCONTENTLENGTH,
                        GETCONTENTTYPE,
                        GETETAG,
                        GETLASTMODIFIED,
                        CREATIONDATE,
                        SUPPORTEDLOCK,
                        LOCKDISCOVERY,
                        NextcloudProperties.ID,
                        NextcloudProperties.FILEID,
                        NextcloudProperties.PERMISSIONS,
                        NextcloudProperties.SIZE,
                        NextcloudProperties.CHECKSUMS,
                        NextcloudProperties.FAVORITE);
    }

    /**
     * Whether an answer to {@code r} may write a file's content details: {@code oc:checksums} is the one property
     * that reads them, written when named, by a DAV:include of an allprop, or if allprop ever listed it; a propname
     * answer writes no values.
     */
    static ContentDetails contentDetails(PropFindRequest r) {
        boolean needed = switch (r.kind()) {
            case PROP -> r.names().contains(NextcloudProperties.CHECKSUMS);
            case ALLPROP ->
                ALLPROP.contains(NextcloudProperties.CHECKSUMS) || r.names().contains(NextcloudProperties.CHECKSUMS);
            case PROPNAME -> false;
        };
        return needed ? ContentDetails.INCLUDED : ContentDetails.OMITTED;
    }

    /** Writes a property's element with its value; returns false when it does not apply to this node (404). */
    static boolean write(Multistatus ms, QName q, Resolved t, PropContext ctx) throws IOException {
        Node n = t.node();
        if (q.equals(RESOURCETYPE)) {
            ms.writeUtf8(n.isFolder() ? COLLECTION : NOT_COLLECTION);
        } else if (q.equals(GETETAG)) {
            ms.etagElement(q, n.etag());
        } else if (q.equals(GETLASTMODIFIED)) {
            ms.textElement(q, ctx.httpDate(n.mtime()));
        } else if (q.equals(CREATIONDATE)) {
            ms.textElement(q, HttpDates.iso(n.createdAt()));
        } else if (q.equals(GETCONTENTLENGTH) && !n.isFolder()) {
            ms.numberElement(q, n.size());
        } else if (q.equals(GETCONTENTTYPE) && !n.isFolder()) {
            ms.textElement(q, n.mime() == null ? "application/octet-stream" : n.mime());
        } else if (q.equals(QUOTA_USED) && n.isFolder()) {
            // the root of a space (the user's root, a team folder, a share) says what its space uses, without what
            // other spaces mounted in it hold; a folder inside, its own size
            boolean spaceRoot = t.path().isRoot()
                    || (t.mount() != null && t.node().id() == t.mount().rootNodeId());
            ms.numberElement(q, spaceRoot ? ctx.quota(t).used() : n.size());
        } else if (q.equals(QUOTA_AVAILABLE) && n.isFolder()) {
            ms.numberElement(q, ctx.quota(t).available());
        } else if (q.equals(SUPPORTEDLOCK)) {
            ms.writeUtf8(SUPPORTED_LOCKS_UTF8);
        } else if (q.equals(LOCKDISCOVERY)) {
            ms.writer().write("<d:lockdiscovery>");
            for (LockService.Covering cv : LockService.covering(ctx.locks(), t.chain())) {
                ActiveLock.write(ms, cv.lock(), ctx.hrefAbove(t, cv.levelsUp()));
            }
            ms.writer().write("</d:lockdiscovery>");
        } else {
            return NextcloudProperties.write(ms, q, t, ctx);
        }
        return true;
    }

    static final String SUPPORTED_LOCKS = "<d:supportedlock>"
            + "<d:lockentry><d:lockscope><d:exclusive/></d:lockscope><d:locktype><d:write/></d:locktype></d:lockentry>"
            + "<d:lockentry><d:lockscope><d:shared/></d:lockscope><d:locktype><d:write/></d:locktype></d:lockentry>"
            + "</d:supportedlock>";

    private static final byte[] SUPPORTED_LOCKS_UTF8 = SUPPORTED_LOCKS.getBytes(StandardCharsets.UTF_8);
    private static final byte[] COLLECTION =
            "<d:resourcetype><d:collection/></d:resourcetype>".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_COLLECTION = "<d:resourcetype/>".getBytes(StandardCharsets.UTF_8);

    /** Every computed name, each as the one object the renderers compare with. */
    private static final Map<QName, QName> CANONICAL = canonicalNames();

    private static Map<QName, QName> canonicalNames() {
        Map<QName, QName> m = new HashMap<>();
        for (QName q : LIVE) {
            m.put(q, q);
        }
        for (QName q : NextcloudProperties.live()) {
            m.put(q, q);
        }
        return Map.copyOf(m);
    }

    /**
     * The request with each computed property's name replaced by the equal constant: a listing compares every
     * entry's names with the constants, and the same object compares at once.
     */
    static PropFindRequest canonical(PropFindRequest r) {
        if (r.names().isEmpty()) {
            return r;
        }
        List<QName> names = new ArrayList<>(r.names().size());
        for (QName q : r.names()) {
            names.add(CANONICAL.getOrDefault(q, q));
        }
        return new PropFindRequest(r.kind(), List.copyOf(names));
    }
}
