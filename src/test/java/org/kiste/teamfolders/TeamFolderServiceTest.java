package org.kiste.teamfolders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kiste.groups.GroupService;
import org.kiste.model.AuditEvent;
import org.kiste.model.MountInfo;
import org.kiste.model.Perms;
import org.kiste.model.Role;
import org.kiste.model.Subject;
import org.kiste.model.TeamFolder;
import org.kiste.testing.TestServer;

/** Team folders against the real database: grants, the strongest role, revoke, the organisation's trash, audit. */
class TeamFolderServiceTest {
    private final TestServer ts = TestServer.get();
    private final TeamFolderService folders = ts.backend.teamFolders();
    private final GroupService groups = ts.backend.groups();

    @Test
    void effectiveRoleIsTheStrongestOfUserAndGroupGrants() {
        String actor = unique("actor");
        String alice = ts.newUser("tf");
        long aliceId = ts.users().find(alice).orElseThrow().id();
        String viewers = unique("viewers");
        String editors = unique("editors");
        groups.add(actor, viewers, null);
        groups.add(actor, editors, null);
        groups.addMember(actor, viewers, alice);
        groups.addMember(actor, editors, alice);
        String name = unique("Projects ");
        TeamFolder f = folders.create(actor, name, 50L << 30);
        assertThat(f.quotaBytes()).isEqualTo(50L << 30);
        assertThat(folders.effectiveRole(aliceId, f.spaceId())).isEmpty();

        folders.grant(actor, name, Subject.Type.GROUP, viewers, Role.VIEWER);
        assertThat(folders.effectiveRole(aliceId, f.spaceId())).contains(Role.VIEWER);
        folders.grant(actor, name, Subject.Type.GROUP, editors, Role.EDITOR);
        assertThat(folders.effectiveRole(aliceId, f.spaceId())).contains(Role.EDITOR);
        folders.grant(actor, name, Subject.Type.USER, alice, Role.MANAGER);
        assertThat(folders.effectiveRole(aliceId, f.spaceId())).contains(Role.MANAGER);
        List<MountInfo> mounts = folders.mountsFor(aliceId);
        assertThat(mounts)
                .filteredOn(m -> m.spaceId() == f.spaceId())
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.name()).isEqualTo(name);
                    assertThat(m.kind()).isEqualTo(MountInfo.Kind.GROUP);
                    assertThat(m.perms().can(Perms.SHARE)).isTrue();
                });
        // a weaker direct grant does not lower what a group gives
        folders.grant(actor, name, Subject.Type.USER, alice, Role.VIEWER);
        assertThat(folders.effectiveRole(aliceId, f.spaceId())).contains(Role.EDITOR);
        folders.revoke(actor, name, Subject.Type.GROUP, editors);
        assertThat(folders.effectiveRole(aliceId, f.spaceId())).contains(Role.VIEWER);
        groups.removeMember(actor, viewers, alice);
        folders.revoke(actor, name, Subject.Type.USER, alice);
        assertThat(folders.effectiveRole(aliceId, f.spaceId())).isEmpty();
        assertThat(folders.mountsFor(aliceId)).noneMatch(m -> m.spaceId() == f.spaceId());
        assertThatThrownBy(() -> folders.revoke(actor, name, Subject.Type.USER, alice))
                .isInstanceOf(TeamFolderException.class)
                .hasMessage("user:" + alice + " has no grant on team folder '" + name + "'");

        assertThat(folders.find(name).orElseThrow().grants())
                .extracting(g -> g.subject().toString() + "=" + g.role().label())
                .containsExactly("group:" + viewers + "=viewer");
        // deleting a group removes its grants
        groups.delete(actor, viewers);
        assertThat(folders.find(name).orElseThrow().grants()).isEmpty();
    }

    @Test
    void errorsNameWhatIsWrong() {
        String actor = unique("actor");
        String name = unique("Team");
        folders.create(actor, name, -1);
        assertThatThrownBy(() -> folders.create(actor, name, -1))
                .isInstanceOf(TeamFolderException.class)
                .hasMessage("team folder '" + name + "' already exists");
        assertThatThrownBy(() -> folders.create(actor, "a/b", -1)).hasMessageContaining("invalid team folder name");
        assertThatThrownBy(() -> folders.grant(actor, "none" + name, Subject.Type.USER, "x", Role.EDITOR))
                .hasMessage("no such team folder 'none" + name + "'");
        assertThatThrownBy(() -> folders.grant(actor, name, Subject.Type.GROUP, "nogroup" + actor, Role.EDITOR))
                .hasMessage("no such group 'nogroup" + actor + "'");
        assertThatThrownBy(() -> folders.grant(actor, name, Subject.Type.USER, "nouser" + actor, Role.EDITOR))
                .hasMessage("no such user 'nouser" + actor + "'");
        assertThatThrownBy(() -> Role.parse("owner")).hasMessage("unknown role 'owner': use viewer, editor or manager");
        String other = unique("Other");
        folders.create(actor, other, -1);
        assertThatThrownBy(() -> folders.rename(actor, other, name))
                .hasMessage("team folder '" + name + "' already exists");
    }

    @Test
    void deleteGoesToTheOrganisationsTrashAndRestores() {
        Instant start = Instant.now().minusSeconds(1);
        String actor = unique("actor");
        String bob = ts.newUser("tf");
        long bobId = ts.users().find(bob).orElseThrow().id();
        String name = unique("Archive");
        TeamFolder f = folders.create(actor, name, -1);
        folders.grant(actor, name, Subject.Type.USER, bob, Role.EDITOR);
        folders.setQuota(actor, name, 1 << 20);
        folders.delete(actor, name);
        assertThat(folders.find(name)).isEmpty();
        assertThat(folders.mountsFor(bobId)).noneMatch(m -> m.spaceId() == f.spaceId());
        assertThat(folders.list())
                .filteredOn(t -> t.spaceId() == f.spaceId())
                .singleElement()
                .satisfies(t -> {
                    assertThat(t.trashed()).isTrue();
                    assertThat(t.grants()).hasSize(1);
                });
        // the name is free again while the old folder waits in the trash
        TeamFolder second = folders.create(actor, name, -1);
        assertThatThrownBy(() -> folders.restore(actor, name)).hasMessageContaining("rename it first");
        folders.rename(actor, name, name + "-2");
        folders.restore(actor, name);
        assertThat(folders.find(name).orElseThrow().spaceId()).isEqualTo(f.spaceId());
        assertThat(folders.find(name + "-2").orElseThrow().spaceId()).isEqualTo(second.spaceId());
        assertThat(folders.effectiveRole(bobId, f.spaceId())).contains(Role.EDITOR);
        assertThatThrownBy(() -> folders.restore(actor, name))
                .hasMessage("no team folder '" + name + "' in the organisation's trash");

        List<AuditEvent> mine = ts.backend.audit().list(start, 1000).stream()
                .filter(e -> e.actor().equals(actor))
                .toList();
        assertThat(mine)
                .extracting(AuditEvent::action)
                .containsExactly(
                        "folder.restore",
                        "folder.rename",
                        "folder.create",
                        "folder.delete",
                        "folder.quota",
                        "folder.grant",
                        "folder.create");
        assertThat(mine.get(5).target()).isEqualTo("user:" + bob);
        assertThat(mine.get(5).detail()).isEqualTo("{\"role\":\"editor\"}");
        assertThat(mine.get(4).detail()).contains("\"quota\":\"1M\"");
    }

    @Test
    void theOrganisationsTrashIsPurgedAfterTheRetentionWithItsFilesGrantsAndShares() {
        Instant start = Instant.now().minusSeconds(1);
        String actor = unique("actor");
        String manager = ts.newUser("tm");
        String outsider = ts.newUser("to");
        String name = unique("Old");
        TeamFolder f = folders.create(actor, name, -1);
        folders.grant(actor, name, Subject.Type.USER, manager, Role.MANAGER);
        ts.backend.files().mountsChanged();
        org.kiste.testing.Dav m = ts.dav(manager);
        assertThat(m.put(org.kiste.testing.Dav.enc(name) + "/plan.txt", "plan").statusCode())
                .isEqualTo(201);
        long shared = ts.backend
                .shares()
                .create(
                        ts.users().find(manager).orElseThrow().principal(),
                        new org.kiste.share.ShareRequest(
                                org.kiste.model.FilePath.parse("/" + name + "/plan.txt"),
                                org.kiste.model.ShareType.USER,
                                outsider,
                                1,
                                null,
                                null,
                                null,
                                null,
                                null))
                .id();
        assertThat(ts.dav(outsider).get("plan.txt").body()).isEqualTo("plan");

        folders.delete(actor, name);
        java.time.Duration retention = java.time.Duration.ofDays(30);
        java.time.Clock now = java.time.Clock.systemUTC();
        folders.purgeTrashed(retention, now, 20);
        assertThat(folders.list()).as("not yet due").anyMatch(t -> t.spaceId() == f.spaceId());

        java.time.Clock later = java.time.Clock.offset(now, retention.plusDays(1));
        for (int i = 0; i < 50 && folders.list().stream().anyMatch(t -> t.spaceId() == f.spaceId()); i++) {
            folders.purgeTrashed(retention, later, 20);
        }
        assertThat(folders.list()).noneMatch(t -> t.spaceId() == f.spaceId());
        assertThatThrownBy(() -> folders.restore(actor, name)).hasMessageContaining("no team folder");
        long rows = ts.backend.database().read(c -> {
            try (var ps = c.prepareStatement(
                    "SELECT (SELECT COUNT(*) FROM node WHERE space_id = ?)"
                            + " + (SELECT COUNT(*) FROM share WHERE id = ?) + (SELECT COUNT(*) FROM share_mount WHERE share_id = ?)"
                            + " + (SELECT COUNT(*) FROM folder_grant WHERE space_id = ?) + (SELECT COUNT(*) FROM space WHERE id = ?)")) {
                for (int i = 1; i <= 5; i++) {
                    ps.setLong(i, i == 2 || i == 3 ? shared : f.spaceId());
                }
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        assertThat(rows).as("rows left of the purged folder").isZero();
        ts.backend.files().mountsChanged();
        assertThat(ts.dav(outsider).get("plan.txt").statusCode()).isEqualTo(404);
        assertThat(ts.backend.audit().list(start, 1000)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("folder.purge");
            assertThat(e.actor()).isEqualTo("housekeeping");
            assertThat(e.subject()).isEqualTo(name);
        });
    }

    static String unique(String prefix) {
        return prefix + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    }
}
