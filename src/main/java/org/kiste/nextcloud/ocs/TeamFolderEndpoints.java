package org.kiste.nextcloud.ocs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kiste.config.Sizes;
import org.kiste.model.Grant;
import org.kiste.model.Role;
import org.kiste.model.Subject;
import org.kiste.model.TeamFolder;
import org.kiste.teamfolders.TeamFolderService;

/**
 * Team folders for administrators, below {@code apps/kiste/api/v1/}: {@code GET teamfolders} (live ones),
 * {@code POST teamfolders} ({@code name}, optional {@code quota}), {@code PUT teamfolders/{name}} ({@code key} name
 * or quota, {@code value}), {@code DELETE teamfolders/{name}} (to the organisation's trash), grants with
 * {@code PUT}/{@code DELETE teamfolders/{name}/grants} ({@code type} user or group, {@code subject}, {@code role}
 * viewer, editor or manager), and the organisation's trash: {@code GET teamfoldertrash}, {@code POST
 * teamfoldertrash/{name}} restores. Every change goes through the team folder service, as {@code kiste folder}'s
 * commands do, and is recorded in the audit trail.
 */
final class TeamFolderEndpoints {
    private final TeamFolderService folders;

    TeamFolderEndpoints(TeamFolderService folders) {
        this.folders = folders;
    }

    Object list(OcsRequest r) {
        return describe(false);
    }

    Object trash(OcsRequest r) {
        return describe(true);
    }

    Object create(OcsRequest r) throws IOException {
        String name = AdminGate.required(r, "name");
        String quota = r.field("quota");
        long bytes = quota == null || quota.isBlank() ? Sizes.UNLIMITED : AdminGate.quota(quota);
        return record(folders.create(AdminGate.actor(r), name, bytes));
    }

    Object edit(OcsRequest r) throws IOException {
        String key = AdminGate.required(r, "key");
        String value = AdminGate.required(r, "value");
        switch (key) {
            case "name" -> folders.rename(AdminGate.actor(r), r.param(0), value);
            case "quota" -> folders.setQuota(AdminGate.actor(r), r.param(0), AdminGate.quota(value));
            default ->
                throw OcsException.badRequest("the field " + org.kiste.model.Echo.quoted(key) + " cannot be changed");
        }
        return List.of();
    }

    Object delete(OcsRequest r) {
        folders.delete(AdminGate.actor(r), r.param(0));
        return List.of();
    }

    Object restore(OcsRequest r) {
        folders.restore(AdminGate.actor(r), r.param(0));
        return List.of();
    }

    /** Gives the subject the role, replacing the role it had. */
    Object grant(OcsRequest r) throws IOException {
        Role role;
        try {
            role = Role.parse(AdminGate.required(r, "role"));
        } catch (IllegalArgumentException e) {
            throw OcsException.badRequest(e.getMessage());
        }
        folders.grant(AdminGate.actor(r), r.param(0), type(r), AdminGate.required(r, "subject"), role);
        return List.of();
    }

    Object revoke(OcsRequest r) throws IOException {
        folders.revoke(AdminGate.actor(r), r.param(0), type(r), AdminGate.required(r, "subject"));
        return List.of();
    }

    private static Subject.Type type(OcsRequest r) throws IOException {
        return switch (AdminGate.required(r, "type")) {
            case "user" -> Subject.Type.USER;
            case "group" -> Subject.Type.GROUP;
            default -> throw OcsException.badRequest("a grant's type is user or group");
        };
    }

    private List<Map<String, Object>> describe(boolean trashed) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TeamFolder f : folders.list()) {
            if (f.trashed() == trashed) {
                out.add(record(f));
            }
        }
        return out;
    }

    private static Map<String, Object> record(TeamFolder f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.spaceId());
        m.put("name", f.name());
        m.put("trashed", f.trashed());
        m.put("quota", f.quotaBytes());
        m.put("used", f.usedBytes());
        List<Map<String, Object>> grants = new ArrayList<>();
        for (Grant g : f.grants()) {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("type", g.subject().type().label());
            gm.put("subject", g.subject().name());
            gm.put("role", g.role().label());
            gm.put("grantedBy", g.grantedBy());
            gm.put("grantedAt", g.grantedAt() == null ? null : g.grantedAt().getEpochSecond());
            grants.add(gm);
        }
        m.put("grants", grants);
        return m;
    }
}
