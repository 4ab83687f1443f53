package org.kiste.nextcloud.ocs;

import java.util.List;
import org.kiste.Backend;

/** Every OCS route Kiste serves (the same under v1 and v2). */
public final class OcsRoutes {
    private OcsRoutes() {
    }

    public static List<OcsRoute> all(Backend backend) {
        UserEndpoints users = new UserEndpoints(backend.users(), backend.files());
        AppPasswordEndpoints appPasswords = new AppPasswordEndpoints(backend.appPasswords());
        ShareEndpoints shares = new ShareEndpoints(backend.shares(), backend.files(),
                new PublicBase(backend.config().publicUrl()));
        ShareeEndpoints sharees = new ShareeEndpoints(backend.users(), backend.groups());
        String api = "apps/files_sharing/api/v1/";
        return List.of(
                OcsRoute.of("GET", "cloud/capabilities", false, new Capabilities()),
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
                OcsRoute.of("GET", api + "sharees", true, sharees::search));
    }
}
