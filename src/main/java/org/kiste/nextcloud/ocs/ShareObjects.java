package org.kiste.nextcloud.ocs;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kiste.files.Resolved;
import org.kiste.model.FilePath;
import org.kiste.model.Node;
import org.kiste.model.Principal;
import org.kiste.model.Share;
import org.kiste.model.ShareType;

/**
 * Nextcloud's share object as the sharing API answers it, seen by {@code viewer}: the item's path is where it lies
 * in the viewer's tree (for a recipient: their mount point).
 */
final class ShareObjects {
    private static final DateTimeFormatter EXPIRATION = DateTimeFormatter.ofPattern("yyyy-MM-dd 00:00:00");
    /** What {@code password} shows when a link has one: never the hash. */
    static final String PASSWORD_SET = "********";

    private ShareObjects() {}

    /**
     * @param item where the item lies for the viewer, or null when it is out of their reach (then its fields are
     *             left empty)
     * @param base the absolute base URL for a link's {@code url}
     */
    static Map<String, Object> of(Share s, Principal viewer, Resolved item, String base) {
        boolean mine = s.ownerUserId() == viewer.userId();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Long.toString(s.id()));
        m.put("share_type", s.type().code);
        m.put("uid_owner", s.ownerLogin());
        m.put("displayname_owner", s.ownerDisplayName());
        m.put("permissions", s.permissions());
        m.put("can_edit", mine);
        m.put("can_delete", true);
        m.put("stime", s.createdAt().getEpochSecond());
        m.put("parent", null);
        m.put(
                "expiration",
                s.expiresOn() == null ? null : EXPIRATION.format(s.expiresOn().atStartOfDay(ZoneOffset.UTC)));
        m.put("token", s.token());
        m.put("uid_file_owner", s.ownerLogin());
        m.put("displayname_file_owner", s.ownerDisplayName());
        m.put("note", s.note());
        m.put("label", s.label());
        Node n = item == null ? null : item.node();
        FilePath path = item == null ? null : item.path();
        m.put("path", path == null ? null : path.toString());
        m.put("item_type", s.itemType());
        m.put("mimetype", n == null ? null : s.folder() ? "httpd/unix-directory" : n.mime());
        m.put("has_preview", false);
        m.put("storage_id", "home::" + s.ownerLogin());
        m.put("storage", s.spaceId());
        m.put("item_source", s.nodeId());
        m.put("file_source", s.nodeId());
        m.put("file_parent", n == null ? null : n.parentId());
        // the recipient's own place for it (their root or a folder of theirs); for the sharer, the name it was given
        m.put("file_target", path == null || path.isRoot() ? null : mine ? "/" + path.last() : path.toString());
        m.put("item_size", n == null ? 0 : n.size());
        m.put("item_mtime", n == null ? 0 : n.mtime() / 1000);
        m.put("share_with", s.shareWith());
        m.put("share_with_displayname", s.type() == ShareType.LINK ? "" : s.shareWithDisplayName());
        m.put("mail_send", 0);
        m.put("hide_download", s.hideDownload() ? 1 : 0);
        m.put("attributes", null);
        if (s.type() == ShareType.LINK) {
            m.put("url", base + "/s/" + s.token());
            m.put("password", s.hasPassword() ? PASSWORD_SET : null);
            m.put("send_password_by_talk", false);
            m.put("name", s.label());
        }
        return m;
    }
}
