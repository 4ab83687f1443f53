package org.kiste.nextcloud.ocs;

import java.util.List;
import org.kiste.auth.AppPasswords;
import org.kiste.auth.UserPreferences;

/** Kiste's own OCS routes for the settings page: the caller's app passwords and preferences. */
public final class SettingsRoutes {
    private static final String KISTE = "apps/kiste/api/v1/";

    private SettingsRoutes() {}

    public static List<OcsRoute> all(AppPasswords appPasswordService, UserPreferences preferenceService) {
        OwnAppPasswordEndpoints ownAppPasswords = new OwnAppPasswordEndpoints(appPasswordService);
        PreferenceEndpoints preferences = new PreferenceEndpoints(preferenceService);
        return List.of(
                OcsRoute.of("GET", KISTE + "apppasswords", true, ownAppPasswords::list),
                OcsRoute.of("POST", KISTE + "apppasswords", true, ownAppPasswords::create),
                OcsRoute.of("DELETE", KISTE + "apppasswords/{id}", true, ownAppPasswords::revoke),
                OcsRoute.of("GET", KISTE + "preferences", true, preferences::get),
                OcsRoute.of("PUT", KISTE + "preferences", true, preferences::set));
    }
}
