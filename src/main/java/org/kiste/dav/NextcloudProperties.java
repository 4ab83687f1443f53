package org.kiste.dav;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import javax.xml.namespace.QName;
import org.kiste.files.Checksum;
import org.kiste.files.EntryView;
import org.kiste.files.Resolved;
import org.kiste.model.Node;

/**
 * The ownCloud/Nextcloud properties sync clients and mobile apps ask for ({@code oc:} and {@code nc:}
 * namespaces). They are computed, never stored: {@code oc:favorite} is a per-user flag kept by the files core,
 * everything else derives from the node, the principal's permissions and the space it lives in. Items in a
 * mounted team folder carry the {@code M} letter and {@code nc:mount-type} {@code group}, as Nextcloud's group
 * folders do, so sync clients avoid moving things across the mount's boundary; items of a received share carry
 * {@code S} and {@code M}, {@code nc:mount-type} {@code shared} and the sharer as owner; {@code oc:share-types}
 * lists the types of the shares the acting user made on an item.
 */
public final class NextcloudProperties {
    static final QName ID = oc("id");
    static final QName FILEID = oc("fileid");
    static final QName PERMISSIONS = oc("permissions");
    static final QName SIZE = oc("size");
    static final QName CHECKSUMS = oc("checksums");
    static final QName DATA_FINGERPRINT = oc("data-fingerprint");
    static final QName SHARE_TYPES = oc("share-types");
    static final QName OWNER_ID = oc("owner-id");
    static final QName OWNER_DISPLAY_NAME = oc("owner-display-name");
    static final QName FAVORITE = oc("favorite");
    static final QName HAS_PREVIEW = nc("has-preview");
    static final QName MOUNT_TYPE = nc("mount-type");
    static final QName IS_ENCRYPTED = nc("is-encrypted");
    static final QName SHARE_PERMISSIONS = new QName(Multistatus.OCS, "share-permissions");

    /** What an empty PROPFIND (allprop) adds to the DAV: properties, as Nextcloud does. */
    static final List<QName> ALLPROP = List.of(ID, FILEID, PERMISSIONS, SIZE);

    private static final Set<QName> LIVE = Set.of(
            ID,
            FILEID,
            PERMISSIONS,
            SIZE,
            CHECKSUMS,
            DATA_FINGERPRINT,
            SHARE_TYPES,
            OWNER_ID,
            OWNER_DISPLAY_NAME,
            FAVORITE,
            HAS_PREVIEW,
            MOUNT_TYPE,
            IS_ENCRYPTED,
            SHARE_PERMISSIONS);

    /** Settable by PROPPATCH: the favourite flag. {@code oc:checksums} is accepted and ignored (rclone sends it). */
    private static final Set<QName> SETTABLE = Set.of(FAVORITE, CHECKSUMS);

    private NextcloudProperties() {}

    private static QName oc(String local) {
        return new QName(Multistatus.OC, local);
    }

    private static QName nc(String local) {
        return new QName(Multistatus.NC, local);
    }

    static boolean isLive(QName q) {
        return LIVE.contains(q);
    }

    static Set<QName> live() {
        return LIVE;
    }

    static boolean isProtected(QName q) {
        return LIVE.contains(q) && !SETTABLE.contains(q);
    }

    static boolean write(Multistatus ms, QName q, Resolved t, PropContext ctx) throws IOException {
        Node n = t.node();
        if (q.equals(ID)) {
            ms.textElement(q, ctx.ids().ocId(n.id()));
        } else if (q.equals(FILEID)) {
            ms.numberElement(q, n.id());
        } else if (q.equals(PERMISSIONS)) {
            ms.textElement(q, letters(ctx.view(t)));
        } else if (q.equals(SIZE)) {
            ms.numberElement(q, n.size());
        } else if (q.equals(CHECKSUMS)) {
            String list = Checksum.listing(n);
            if (list == null) {
                return false;
            }
            ms.open(q);
            ms.textElement(oc("checksum"), list);
            ms.close(q);
        } else if (q.equals(DATA_FINGERPRINT)) {
            if (!t.path().isRoot()) {
                return false;
            }
            ms.empty(q); // present and empty: supported, and the server was never restored from a backup
        } else if (q.equals(SHARE_TYPES)) {
            Set<Integer> types = ctx.view(t).shareTypes();
            if (types.isEmpty()) {
                ms.empty(q);
            } else {
                ms.open(q);
                for (int type : types) {
                    ms.textElement(oc("share-type"), Integer.toString(type));
                }
                ms.close(q);
            }
        } else if (q.equals(OWNER_ID)) {
            ms.textElement(q, ctx.view(t).ownerLogin());
        } else if (q.equals(OWNER_DISPLAY_NAME)) {
            ms.textElement(q, ctx.view(t).ownerDisplayName());
        } else if (q.equals(FAVORITE)) {
            ms.textElement(q, ctx.favorites().contains(n.id()) ? "1" : "0");
        } else if (q.equals(HAS_PREVIEW)) {
            ms.textElement(q, "false"); // no preview generator: clients show type icons
        } else if (q.equals(MOUNT_TYPE)) {
            switch (ctx.view(t).mount()) {
                case OWN -> ms.empty(q); // the user's own files
                case TEAM_FOLDER -> ms.textElement(q, "group");
                case RECEIVED_SHARE -> ms.textElement(q, "shared");
                case LINK -> ms.textElement(q, "");
            }
        } else if (q.equals(IS_ENCRYPTED)) {
            if (!n.isFolder()) {
                return false;
            }
            ms.textElement(q, "0");
        } else if (q.equals(SHARE_PERMISSIONS)) {
            ms.textElement(q, Integer.toString(ctx.view(t).shareBits()));
        } else {
            return false;
        }
        return true;
    }

    /**
     * Nextcloud's letters for a view, in its order: S (shared with me), R (may reshare), M (mounted), G (readable),
     * D, N V (rename and move come together), W (files: write) or C K (folders: create files, create folders). A
     * received share's items carry S but not M (Nextcloud's FileInfo::isMounted is false for shared mounts: the
     * desktop client avoids moves across M boundaries); team folders carry M; a link's visitor sees neither.
     */
    public static String letters(EntryView v) {
        StringBuilder b = new StringBuilder(10);
        if (v.mount() == EntryView.Mount.RECEIVED_SHARE) {
            b.append('S');
        }
        if (v.can(EntryView.Action.SHARE)) {
            b.append('R');
        }
        if (v.mount() == EntryView.Mount.TEAM_FOLDER) {
            b.append('M');
        }
        if (v.can(EntryView.Action.READ)) {
            b.append('G');
        }
        if (v.can(EntryView.Action.DELETE)) {
            b.append('D');
        }
        if (v.can(EntryView.Action.RENAME)) {
            b.append("NV");
        }
        if (v.node().isFolder()) {
            if (v.can(EntryView.Action.CREATE)) {
                b.append("CK");
            }
        } else if (v.can(EntryView.Action.WRITE)) {
            b.append('W');
        }
        return b.toString();
    }
}
