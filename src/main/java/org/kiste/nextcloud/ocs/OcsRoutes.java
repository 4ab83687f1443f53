package org.kiste.nextcloud.ocs;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kiste.audit.AuditLog;
import org.kiste.auth.AppPasswords;
import org.kiste.auth.UserPreferences;
import org.kiste.auth.UserService;
import org.kiste.files.FilesService;
import org.kiste.groups.GroupService;
import org.kiste.nextcloud.bulk.BulkOffer;
import org.kiste.share.ShareService;
import org.kiste.teamfolders.TeamFolderService;

/** Every OCS route Kiste serves (the same under v1 and v2). */
public final class OcsRoutes {
    private OcsRoutes() {}

    public static List<OcsRoute> all(
            UserService userService,
            FilesService files,
            AppPasswords appPasswordService,
            ShareService shareService,
            GroupService groups,
            TeamFolderService teamFolders,
            AuditLog audit,
            Optional<URI> publicUrl,
            BulkOffer bulk,
            UserPreferences preferenceService) {
        UserEndpoints users = new UserEndpoints(userService, files);
        AppPasswordEndpoints appPasswords = new AppPasswordEndpoints(appPasswordService);
        ShareEndpoints shares = new ShareEndpoints(shareService, files, new PublicBase(publicUrl));
        ShareeEndpoints sharees = new ShareeEndpoints(userService, groups);
        String api = "apps/files_sharing/api/v1/";
        List<OcsRoute> routes =
                new ArrayList<>(AdminRoutes.all(userService, users, groups, appPasswordService, teamFolders, audit));
        routes.addAll(SettingsRoutes.all(appPasswordService, preferenceService));
        routes.addAll(List.of(
                OcsRoute.of("GET", "cloud/capabilities", false, new Capabilities(bulk)),
                OcsRoute.of("GET", "cloud/user", true, users::currentUser),
                OcsRoute.of("GET", "cloud/users/{id}", true, users::user),
                OcsRoute.of("PUT", "cloud/users/{id}", true, users::edit),
                OcsRoute.of("GET", "core/getapppassword", true, appPasswords::create),
                OcsRoute.of("DELETE", "core/apppassword", true, appPasswords::revoke),
                OcsRoute.of("GET", api + "shares", true, shares::list),
                OcsRoute.of("POST", api + "shares", true, shares::create),
                OcsRoute.of("GET", api + "shares/{id}", true, shares::get),
                OcsRoute.of("PUT", api + "shares/{id}", true, shares::update),
                OcsRoute.of("DELETE", api + "shares/{id}", true, shares::delete),
                OcsRoute.of("GET", api + "sharees", true, sharees::search)));
        return List.copyOf(routes);
    }
}
