package org.kiste.nextcloud.ocs;

import java.util.List;
import org.kiste.audit.AuditLog;
import org.kiste.auth.AppPasswords;
import org.kiste.auth.UserService;
import org.kiste.groups.GroupService;
import org.kiste.teamfolders.TeamFolderService;

/**
 * The administration routes: Nextcloud's provisioning API for users and groups where it has a shape, Kiste's own
 * below {@code apps/kiste/api/v1/} for app passwords, team folders and the audit trail. Each runs only for
 * administrators ({@link AdminGate}). They come before the other routes, so {@code cloud/users/details} is not
 * taken for a login.
 */
final class AdminRoutes {
    private AdminRoutes() {}

    static List<OcsRoute> all(
            UserService userService,
            UserEndpoints records,
            GroupService groupService,
            AppPasswords appPasswords,
            TeamFolderService teamFolders,
            AuditLog audit) {
        AdminUserEndpoints users = new AdminUserEndpoints(userService, records, groupService, appPasswords);
        AdminGroupEndpoints groups = new AdminGroupEndpoints(groupService);
        TeamFolderEndpoints folders = new TeamFolderEndpoints(teamFolders);
        AuditEndpoints trail = new AuditEndpoints(audit);
        String kiste = "apps/kiste/api/v1/";
        return List.of(
                admin("GET", "cloud/users", users::list),
                admin("GET", "cloud/users/details", users::details),
                admin("POST", "cloud/users", users::create),
                admin("PUT", "cloud/users/{id}/enable", users::enable),
                admin("PUT", "cloud/users/{id}/disable", users::disable),
                admin("DELETE", "cloud/users/{id}", users::delete),
                admin("GET", "cloud/users/{id}/groups", users::groupsOf),
                admin("POST", "cloud/users/{id}/groups", users::addToGroup),
                admin("DELETE", "cloud/users/{id}/groups", users::removeFromGroup),
                admin("GET", kiste + "users/{id}/apppasswords", users::appPasswords),
                admin("DELETE", kiste + "users/{id}/apppasswords/{pwid}", users::revokeAppPassword),
                admin("GET", "cloud/groups", groups::list),
                admin("GET", "cloud/groups/details", groups::details),
                admin("POST", "cloud/groups", groups::create),
                admin("PUT", "cloud/groups/{id}", groups::edit),
                admin("DELETE", "cloud/groups/{id}", groups::delete),
                admin("GET", "cloud/groups/{id}/users", groups::members),
                admin("GET", kiste + "teamfolders", folders::list),
                admin("POST", kiste + "teamfolders", folders::create),
                admin("PUT", kiste + "teamfolders/{name}", folders::edit),
                admin("DELETE", kiste + "teamfolders/{name}", folders::delete),
                admin("PUT", kiste + "teamfolders/{name}/grants", folders::grant),
                admin("POST", kiste + "teamfolders/{name}/grants", folders::grant),
                admin("DELETE", kiste + "teamfolders/{name}/grants", folders::revoke),
                admin("GET", kiste + "teamfoldertrash", folders::trash),
                admin("POST", kiste + "teamfoldertrash/{name}", folders::restore),
                admin("GET", kiste + "audit", trail::list));
    }

    private static OcsRoute admin(String method, String pattern, OcsEndpoint endpoint) {
        return OcsRoute.of(method, pattern, true, AdminGate.admin(endpoint));
    }
}
