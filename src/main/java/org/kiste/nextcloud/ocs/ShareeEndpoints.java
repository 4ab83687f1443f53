package org.kiste.nextcloud.ocs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kiste.auth.UserService;
import org.kiste.groups.GroupService;
import org.kiste.model.Account;
import org.kiste.model.Group;
import org.kiste.model.Principal;

/**
 * {@code GET apps/files_sharing/api/v1/sharees?search=…}: the users and groups a share could go to, exact matches
 * (login, display name or e-mail equal to the search, ignoring case) apart from partial ones (containing it).
 * Disabled accounts and the caller are never listed. {@code perPage} bounds the partial matches of each kind.
 */
public final class ShareeEndpoints {
    private static final int DEFAULT_PER_PAGE = 200;
    private static final int MAX_PER_PAGE = 500;

    private final UserService users;
    private final GroupService groups;

    ShareeEndpoints(UserService users, GroupService groups) {
        this.users = users;
        this.groups = groups;
    }

    public Object search(OcsRequest r) throws IOException {
        Principal p = r.principal();
        String q = r.field("search") == null ? "" : r.field("search").trim().toLowerCase(Locale.ROOT);
        int perPage = perPage(r.field("perPage"));
        String[] types = r.http().getParameterValues("shareType[]");
        boolean wantUsers = types == null || List.of(types).contains("0");
        boolean wantGroups = types == null || List.of(types).contains("1");

        List<Object> exactUsers = new ArrayList<>();
        List<Object> partUsers = new ArrayList<>();
        if (wantUsers) {
            for (Account a : users.list()) {
                if (!a.enabled() || a.id() == p.userId()) {
                    continue;
                }
                String login = a.login().toLowerCase(Locale.ROOT);
                String name = a.displayName().toLowerCase(Locale.ROOT);
                String email = a.email() == null ? "" : a.email().toLowerCase(Locale.ROOT);
                if (login.equals(q) || name.equals(q) || (!email.isEmpty() && email.equals(q))) {
                    exactUsers.add(user(a));
                } else if (partUsers.size() < perPage
                        && (q.isEmpty() || login.contains(q) || name.contains(q) || email.contains(q))) {
                    partUsers.add(user(a));
                }
            }
        }
        List<Object> exactGroups = new ArrayList<>();
        List<Object> partGroups = new ArrayList<>();
        if (wantGroups) {
            for (Group g : groups.list()) {
                String name = g.name().toLowerCase(Locale.ROOT);
                String display = g.displayName().toLowerCase(Locale.ROOT);
                if (name.equals(q) || display.equals(q)) {
                    exactGroups.add(group(g));
                } else if (partGroups.size() < perPage && (q.isEmpty() || name.contains(q) || display.contains(q))) {
                    partGroups.add(group(g));
                }
            }
        }
        Map<String, Object> exact = categories(exactUsers, exactGroups);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("exact", exact);
        data.putAll(categories(partUsers, partGroups));
        data.put("lookup", List.of());
        data.put("lookupEnabled", false);
        return data;
    }

    private static Map<String, Object> categories(List<Object> users, List<Object> groups) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("users", users);
        m.put("groups", groups);
        m.put("remotes", List.of());
        m.put("emails", List.of());
        m.put("circles", List.of());
        m.put("rooms", List.of());
        return m;
    }

    private static Map<String, Object> user(Account a) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("shareType", 0);
        value.put("shareWith", a.login());
        value.put("shareWithAdditionalInfo", a.email() == null ? "" : a.email());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", a.displayName());
        m.put("subline", "");
        m.put("icon", "icon-user");
        m.put("value", value);
        m.put("shareWithDisplayNameUnique", a.email() == null || a.email().isEmpty() ? a.login() : a.email());
        return m;
    }

    private static Map<String, Object> group(Group g) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("shareType", 1);
        value.put("shareWith", g.name());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", g.displayName());
        m.put("value", value);
        return m;
    }

    private static int perPage(String v) {
        if (v == null || v.isEmpty()) {
            return DEFAULT_PER_PAGE;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1) {
                throw OcsException.badRequest("Invalid perPage argument");
            }
            return Math.min(n, MAX_PER_PAGE);
        } catch (NumberFormatException e) {
            throw OcsException.badRequest("Invalid perPage argument");
        }
    }
}
