package org.kiste.nextcloud.ocs;

import java.util.List;
import java.util.Map;
import org.kiste.auth.AppPasswords;
import org.kiste.model.Principal;

/**
 * {@code GET core/getapppassword} turns a Basic login with the account password (not a web session) into an app password named after the client's
 * User-Agent (mobile apps migrating old accounts); {@code DELETE core/apppassword} revokes the app password the
 * request was authenticated with (clients call it when an account is removed).
 */
public final class AppPasswordEndpoints {
    private final AppPasswords appPasswords;

    public AppPasswordEndpoints(AppPasswords appPasswords) {
        this.appPasswords = appPasswords;
    }

    public Object create(OcsRequest r) {
        return Map.of("apppassword", appPasswords.exchange(r.principal(), r.userAgent()));
    }

    public Object revoke(OcsRequest r) {
        Principal p = r.principal();
        if (!p.byAppPassword()) {
            throw OcsException.forbidden("This request was not authenticated with an app password");
        }
        appPasswords.revoke(p.userId(), p.appPasswordId());
        return List.of();
    }
}
