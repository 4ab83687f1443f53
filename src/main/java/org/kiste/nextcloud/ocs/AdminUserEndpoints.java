package org.kiste.nextcloud.ocs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kiste.auth.AppPasswords;
import org.kiste.auth.UserService;
import org.kiste.config.Sizes;
import org.kiste.groups.GroupService;
import org.kiste.model.Account;
import org.kiste.model.AppPassword;
import org.kiste.model.Group;
import org.kiste.model.Refusal;

/**
 * The provisioning API's account administration, for administrators: {@code GET cloud/users} (search, limit,
 * offset) and {@code cloud/users/details}, {@code POST cloud/users}, {@code PUT cloud/users/{id}/enable|disable},
 * {@code DELETE cloud/users/{id}}, a user's groups, and Kiste's list and revocation of a user's app passwords. Every
 * change goes through the account and group services, which record it in the audit trail with the administrator
 * as actor. An administrator cannot disable or delete their own account here, so the API cannot lock them out.
 */
final class AdminUserEndpoints {
    private final UserService users;
    private final UserEndpoints records;
    private final GroupService groups;
    private final AppPasswords appPasswords;

    AdminUserEndpoints(UserService users, UserEndpoints records, GroupService groups, AppPasswords appPasswords) {
        this.users = users;
        this.records = records;
        this.groups = groups;
        this.appPasswords = appPasswords;
    }

    Object list(OcsRequest r) throws IOException {
        List<String> ids = new ArrayList<>();
        for (Account a : page(r)) {
            ids.add(a.login());
        }
        return Map.of("users", ids);
    }

    /** Nextcloud's {@code cloud/users/details}: the records by login, with groups and the admin flag. */
    Object details(OcsRequest r) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Account> page = page(r);
        Map<Long, List<String>> groupNames = users.groupNames(page);
        for (Account a : page) {
            Map<String, Object> record = records.record(a);
            record.put("groups", groupNames.getOrDefault(a.id(), List.of()));
            record.put("isAdmin", a.admin());
            out.put(a.login(), record);
        }
        return Map.of("users", out);
    }

    Object create(OcsRequest r) throws IOException {
        String login = AdminGate.required(r, "userid");
        String password = AdminGate.required(r, "password");
        UserService.checkApiPassword(password);
        String quotaField = r.field("quota");
        long quota = quotaField == null || quotaField.isBlank() ? Sizes.UNLIMITED : AdminGate.quota(quotaField);
        Account a = users.add(r.principal(), login, password, r.field("displayName"), r.field("email"), quota);
        return Map.of("id", a.login());
    }

    Object enable(OcsRequest r) {
        users.setEnabled(r.principal(), r.param(0), true);
        return List.of();
    }

    Object disable(OcsRequest r) {
        users.setEnabled(r.principal(), r.param(0), false);
        return List.of();
    }

    Object delete(OcsRequest r) {
        users.delete(r.principal(), r.param(0));
        return List.of();
    }

    Object groupsOf(OcsRequest r) {
        List<String> names = new ArrayList<>();
        for (Group g : groups.groupsOf(account(r.param(0)).id())) {
            names.add(g.name());
        }
        return Map.of("groups", names);
    }

    Object addToGroup(OcsRequest r) throws IOException {
        groups.addMember(
                AdminGate.actor(r),
                AdminGate.required(r, "groupid"),
                account(r.param(0)).login());
        return List.of();
    }

    Object removeFromGroup(OcsRequest r) throws IOException {
        groups.removeMember(
                AdminGate.actor(r),
                AdminGate.required(r, "groupid"),
                account(r.param(0)).login());
        return List.of();
    }

    /** The user's app passwords: id, client name, created and last used (seconds since 1970, or null). */
    Object appPasswords(OcsRequest r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AppPassword p : appPasswords.list(account(r.param(0)).id())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("name", p.name());
            m.put("created", p.createdAt() == null ? null : p.createdAt().getEpochSecond());
            m.put("lastUsed", p.lastUsedAt() == null ? null : p.lastUsedAt().getEpochSecond());
            out.add(m);
        }
        return out;
    }

    Object revokeAppPassword(OcsRequest r) {
        Account a = account(r.param(0));
        long id;
        try {
            id = Long.parseLong(r.param(1));
        } catch (NumberFormatException e) {
            throw OcsException.badRequest("an app password id is a number");
        }
        if (!appPasswords.revoke(r.principal(), a.id(), a.login(), id)) {
            throw OcsException.notFound("user '" + a.login() + "' has no app password with id " + id);
        }
        return List.of();
    }

    private Account account(String login) {
        return users.find(login)
                .orElseThrow(() -> AdminGate.refused(Refusal.NOT_FOUND, "no such user '" + login + "'"));
    }

    /**
     * The accounts whose login, display name or e-mail contains {@code search}, from {@code offset}, {@code limit}
     * (at most {@value UserService#MAX_PAGE}, also when more or none is asked for).
     */
    private List<Account> page(OcsRequest r) throws IOException {
        int limit = AdminGate.number(r, "limit", UserService.MAX_PAGE, 0, Integer.MAX_VALUE);
        int offset = AdminGate.number(r, "offset", 0, 0, Integer.MAX_VALUE);
        return users.page(r.field("search"), offset, limit);
    }
}
