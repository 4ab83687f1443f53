package org.kiste.web.ui;

import java.util.List;
import java.util.Optional;

/** A page of the web interface: its address below {@code /ui/}, its module, its texts, and who may open it. */
enum UiPage {
    FILES("files", "files", "nav.files", List.of("files", "upload", "share", "versions"), false),
    TRASH("trash", "trash", "nav.trash", List.of("trash"), false),
    SETTINGS("settings", "settings", "nav.settings", List.of("settings"), false),
    ADMIN_USERS("admin/users", "admin-users", "nav.users", List.of("admin"), true),
    ADMIN_GROUPS("admin/groups", "admin-groups", "nav.groups", List.of("admin"), true),
    ADMIN_TEAMFOLDERS("admin/teamfolders", "admin-teamfolders", "nav.teamfolders", List.of("admin"), true),
    ADMIN_AUDIT("admin/audit", "admin-audit", "nav.audit", List.of("admin"), true);

    /** The address below {@code /ui/} (the files page also takes a folder path after it). */
    final String path;
    /** Its ES module, {@code /ui/static/{module}.js}, and its name in the page context. */
    final String module;
    /** The key of its name in the navigation (and its heading). */
    final String title;
    /** The message bundles its module uses, besides {@code common}. */
    final List<String> bundles;

    final boolean adminOnly;

    UiPage(String path, String module, String title, List<String> bundles, boolean adminOnly) {
        this.path = path;
        this.module = module;
        this.title = title;
        this.bundles = bundles;
        this.adminOnly = adminOnly;
    }

    /** The address of the page, below the context path. */
    String href() {
        return "/ui/" + path + (this == FILES ? "/" : "");
    }

    static Optional<UiPage> byPath(String path) {
        for (UiPage p : values()) {
            if (p.path.equals(path)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
