package org.kiste.dav;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import javax.xml.namespace.QName;
import org.kiste.files.Checksum;
import org.kiste.model.MountInfo;
import org.kiste.model.Node;
import org.kiste.model.Perms;

/**
 * The ownCloud/Nextcloud properties sync clients and mobile apps ask for ({@code oc:} and {@code nc:}
 * namespaces). They are computed, never stored: {@code oc:favorite} is a per-user flag kept by the files core,
 * everything else derives from the node, the principal's permissions and the space it lives in. Items in a
 * mounted team folder carry the {@code M} letter and {@code nc:mount-type} {@code group}, as Nextcloud's group
 * folders do, so sync clients avoid moving things across the mount's boundary; items of a received share carry
 * {@code S} and {@code M}, {@code nc:mount-type} {@code shared} and the sharer as owner; {@code oc:share-types}
 * lists the types of the shares the acting user made on an item.
 */
final class NextcloudProperties {
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

    private static final Set<QName> LIVE = Set.of(ID, FILEID, PERMISSIONS, SIZE, CHECKSUMS, DATA_FINGERPRINT,
            SHARE_TYPES, OWNER_ID, OWNER_DISPLAY_NAME, FAVORITE, HAS_PREVIEW, MOUNT_TYPE, IS_ENCRYPTED, SHARE_PERMISSIONS);

    /** Settable by PROPPATCH: the favourite flag. {@code oc:checksums} is accepted and ignored (rclone sends it). */
    private static final Set<QName> SETTABLE = Set.of(FAVORITE, CHECKSUMS);

    private NextcloudProperties() {
    }

    private static QName oc(String local) {
        return new QName(Multistatus.OC, local);
    }

    private static QName nc(String local) {
        return new QName(Multistatus.NC, local);
    }

    static boolean isLive(QName q) {
        return LIVE.contains(q);
    }

    static boolean isProtected(QName q) {
        return LIVE.contains(q) && !SETTABLE.contains(q);
    }

    static boolean write(Multistatus ms, QName q, PropContext.Target t, PropContext ctx) throws IOException {
        Node n = t.node();
        if (q.equals(ID)) {
            ms.textElement(q, ctx.ids().ocId(n.id()));
        } else if (q.equals(FILEID)) {
            ms.textElement(q, Long.toString(n.id()));
        } else if (q.equals(PERMISSIONS)) {
            ms.textElement(q, letters(n, t.perms(), t.mount(), isMountPoint(t)));
        } else if (q.equals(SIZE)) {
            ms.textElement(q, Long.toString(n.size()));
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
            Set<Integer> types = ctx.shareTypes(t);
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
            ms.textElement(q, sharer(t) != null ? sharer(t).ownerLogin() : ctx.owner().login());
        } else if (q.equals(OWNER_DISPLAY_NAME)) {
            ms.textElement(q, sharer(t) != null ? sharer(t).ownerDisplayName() : ctx.owner().displayName());
        } else if (q.equals(FAVORITE)) {
            ms.textElement(q, ctx.favorites().contains(n.id()) ? "1" : "0");
        } else if (q.equals(HAS_PREVIEW)) {
            ms.textElement(q, "false"); // no preview generator: clients show type icons
        } else if (q.equals(MOUNT_TYPE)) {
            if (t.mount() == null) {
                ms.empty(q); // the user's own files
            } else {
                ms.textElement(q, switch (t.mount().kind()) {
                    case GROUP -> "group";
                    case SHARED -> "shared";
                    case LINK -> "";
                });
            }
        } else if (q.equals(IS_ENCRYPTED)) {
            if (!n.isFolder()) {
                return false;
            }
            ms.textElement(q, "0");
        } else if (q.equals(SHARE_PERMISSIONS)) {
            ms.textElement(q, Integer.toString(sharePermissions(n, t.perms())));
        } else {
            return false;
        }
        return true;
    }

    /** The mount of a share or link the target was reached through (whose sharer owns it), else null. */
    private static MountInfo sharer(PropContext.Target t) {
        MountInfo m = t.mount();
        return m != null && m.ownerLogin() != null ? m : null;
    }

    private static boolean isMountPoint(PropContext.Target t) {
        return t.mount() != null && t.node().id() == t.mount().rootNodeId();
    }

    /**
     * Nextcloud's letters in its order: S (shared with me), R (may reshare), M (mounted), G (readable), D, N V
     * (rename and move come together), W (files: write) or C K (folders: create files, create folders). A received
     * share's items carry S but not M (Nextcloud's FileInfo::isMounted is false for shared mounts: the desktop
     * client avoids moves across M boundaries); its mount point also D N V, since the recipient may unshare or
     * rename it. Team folders carry M. A link's visitor sees neither S nor M.
     */
    static String letters(Node n, Perms p, MountInfo mount, boolean mountPoint) {
        boolean shared = mount != null && mount.kind() == MountInfo.Kind.SHARED;
        boolean mounted = mount != null && mount.kind() == MountInfo.Kind.GROUP;
        boolean point = shared && mountPoint;
        StringBuilder b = new StringBuilder(10);
        if (shared) {
            b.append('S');
        }
        if (p.can(Perms.SHARE)) {
            b.append('R');
        }
        if (mounted) {
            b.append('M');
        }
        if (p.can(Perms.READ)) {
            b.append('G');
        }
        if (p.can(Perms.DELETE) || point) {
            b.append('D');
        }
        if (p.can(Perms.RENAME) || point) {
            b.append("NV");
        }
        if (n.isFolder()) {
            if (p.can(Perms.CREATE)) {
                b.append("CK");
            }
        } else if (p.can(Perms.WRITE)) {
            b.append('W');
        }
        return b.toString();
    }

    /** The share bits (1 read, 2 update, 4 create, 8 delete, 16 share) this user could grant; 0 without share. */
    static int sharePermissions(Node n, Perms p) {
        if (!p.can(Perms.SHARE)) {
            return 0;
        }
        int bits = 0;
        if (p.can(Perms.READ)) {
            bits |= 1;
        }
        if (p.can(Perms.WRITE) || p.can(Perms.RENAME)) {
            bits |= 2;
        }
        if (n.isFolder() && p.can(Perms.CREATE)) {
            bits |= 4;
        }
        if (n.isFolder() && p.can(Perms.DELETE)) {
            bits |= 8;
        }
        return bits | 16;
    }
}
