package org.kiste.nextcloud.ocs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kiste.groups.GroupService;
import org.kiste.model.Group;

/**
 * The provisioning API's groups, for administrators: {@code GET cloud/groups} (search, limit, offset) and
 * {@code cloud/groups/details}, {@code POST cloud/groups} ({@code groupid}, optional {@code displayname}),
 * {@code PUT cloud/groups/{id}} ({@code key=displayname}: the name shown, as on Nextcloud; Kiste's {@code key=id}:
 * renames the group itself, as {@code kiste group rename} does),
 * {@code DELETE cloud/groups/{id}} and {@code GET cloud/groups/{id}/users}. Changes go through the group service,
 * which records them in the audit trail.
 */
final class AdminGroupEndpoints {
    private final GroupService groups;

    AdminGroupEndpoints(GroupService groups) {
        this.groups = groups;
    }

    Object list(OcsRequest r) throws IOException {
        List<String> names = new ArrayList<>();
        for (Group g : page(r)) {
            names.add(g.name());
        }
        return Map.of("groups", names);
    }

    Object details(OcsRequest r) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Group g : page(r)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", g.name());
            m.put("displayname", g.displayName());
            m.put("usercount", g.members());
            m.put("disabled", 0);
            m.put("canAdd", true);
            m.put("canRemove", true);
            out.add(m);
        }
        return Map.of("groups", out);
    }

    Object create(OcsRequest r) throws IOException {
        groups.add(AdminGate.actor(r), AdminGate.required(r, "groupid"), r.field("displayname"));
        return List.of();
    }

    Object edit(OcsRequest r) throws IOException {
        String key = AdminGate.required(r, "key");
        switch (key) {
            case "displayname" -> groups.setDisplayName(AdminGate.actor(r), r.param(0), AdminGate.required(r, "value"));
            case "id" -> groups.rename(AdminGate.actor(r), r.param(0), AdminGate.required(r, "value"));
            default ->
                throw OcsException.badRequest("the field " + org.kiste.model.Echo.quoted(key) + " cannot be changed");
        }
        return List.of();
    }

    Object delete(OcsRequest r) {
        groups.delete(AdminGate.actor(r), r.param(0));
        return List.of();
    }

    Object members(OcsRequest r) {
        return Map.of("users", groups.members(r.param(0)));
    }

    /** A page of at most {@link GroupService#MAX_PAGE} groups, that many unless {@code limit} asks for fewer. */
    private List<Group> page(OcsRequest r) throws IOException {
        int limit = AdminGate.number(r, "limit", GroupService.MAX_PAGE, 0, Integer.MAX_VALUE);
        int offset = AdminGate.number(r, "offset", 0, 0, Integer.MAX_VALUE);
        return groups.page(r.field("search"), limit, offset);
    }
}
