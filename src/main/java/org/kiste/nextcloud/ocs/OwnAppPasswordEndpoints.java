package org.kiste.nextcloud.ocs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kiste.auth.AppPasswords;
import org.kiste.model.AppPassword;
import org.kiste.model.Principal;

/**
 * The caller's own app passwords, for the settings page: {@code GET apps/kiste/api/v1/apppasswords} lists them
 * (id, name, created, last used; never a secret), {@code POST} with {@code name} creates one and answers its secret
 * once, {@code DELETE …/apppasswords/{id}} revokes one. Creating also needs {@code password}, the account password
 * (see {@link AppPasswords#create(Principal, String, String, String)}).
 */
public final class OwnAppPasswordEndpoints {
    private final AppPasswords appPasswords;

    public OwnAppPasswordEndpoints(AppPasswords appPasswords) {
        this.appPasswords = appPasswords;
    }

    public Object list(OcsRequest r) {
        Principal p = r.principal();
        List<Map<String, Object>> out = new ArrayList<>();
        for (AppPassword a : appPasswords.list(p.userId())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", a.id());
            m.put("name", a.name());
            m.put("created", a.createdAt() == null ? null : a.createdAt().toEpochMilli());
            m.put("lastUsed", a.lastUsedAt() == null ? null : a.lastUsedAt().toEpochMilli());
            m.put("current", p.byAppPassword() && p.appPasswordId() == a.id());
            out.add(m);
        }
        return out;
    }

    public Object create(OcsRequest r) throws IOException {
        Principal p = r.principal();
        String name = r.field("name");
        String secret = appPasswords.create(p, r.http().getRemoteAddr(), r.field("password"), name);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name.strip());
        m.put("loginName", p.login());
        m.put("apppassword", secret);
        return m;
    }

    public Object revoke(OcsRequest r) {
        Principal p = r.principal();
        long id;
        try {
            id = Long.parseLong(r.param(0));
        } catch (NumberFormatException e) {
            throw OcsException.notFound("No such app password");
        }
        if (!appPasswords.revoke(p, p.userId(), p.login(), id)) {
            throw OcsException.notFound("No such app password");
        }
        return List.of();
    }
}
