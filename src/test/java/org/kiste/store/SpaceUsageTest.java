package org.kiste.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/** {@code kiste usage}: a home's or a team folder's files and trash, counted and summed over their trees. */
class SpaceUsageTest {

    @Test
    void countsFilesTrashAndVersionsOfAHome() {
        TestServer s = TestServer.get();
        String login = s.newUser("usage");
        Dav dav = s.dav(login);
        assertThat(dav.mkcol("d").statusCode()).isEqualTo(201);
        assertThat(dav.put("d/a.txt", "12345").statusCode()).isEqualTo(201);
        assertThat(dav.put("b.txt", "12").statusCode()).isEqualTo(201);
        assertThat(dav.put("b.txt", "123").statusCode()).isEqualTo(204);
        assertThat(dav.put("gone.txt", "1").statusCode()).isEqualTo(201);
        assertThat(dav.put("gone.txt", "1234567").statusCode()).isEqualTo(204);
        assertThat(dav.delete("gone.txt").statusCode()).isEqualTo(204);

        List<SpaceUsage.Usage> usage = new SpaceUsage(s.backend.database()).of(login, null);

        assertThat(usage).hasSize(1);
        SpaceUsage.Usage u = usage.get(0);
        assertThat(u.home()).isTrue();
        assertThat(u.name()).isEqualTo(login);
        assertThat(u.files()).isEqualTo(2);
        assertThat(u.fileBytes()).isEqualTo(8);
        assertThat(u.trashed()).isEqualTo(1);
        assertThat(u.trashBytes()).isEqualTo(7);
        // "12" of b.txt, and "1" of gone.txt (in the trash)
        assertThat(u.versions()).isEqualTo(2);
        assertThat(u.versionBytes()).isEqualTo(3);
        assertThat(new SpaceUsage(s.backend.database()).of("nobody-" + login, null))
                .isEmpty();
        assertThat(new SpaceUsage(s.backend.database()).of(null, null))
                .extracting(SpaceUsage.Usage::name)
                .contains(login);
    }

    @Test
    void countsFilesAndTrashOfATeamFolderByItsName() {
        TestServer s = TestServer.get();
        String login = s.newUser("usagetf");
        String team = "Usage" + System.nanoTime() % 1_000_000;
        s.backend.teamFolders().create(org.kiste.audit.AuditLog.ADMIN_CLI, team, -1);
        s.backend
                .teamFolders()
                .grant(
                        org.kiste.audit.AuditLog.ADMIN_CLI,
                        team,
                        org.kiste.model.Subject.Type.USER,
                        login,
                        org.kiste.model.Role.EDITOR);
        s.backend.files().mountsChanged();
        Dav dav = s.dav(login);
        assertThat(dav.put(team + "/kept.txt", "1234").statusCode()).isEqualTo(201);
        assertThat(dav.put(team + "/gone.txt", "123456").statusCode()).isEqualTo(201);
        assertThat(dav.delete(team + "/gone.txt").statusCode()).isEqualTo(204);
        assertThat(dav.put("own.txt", "12").statusCode()).isEqualTo(201);

        List<SpaceUsage.Usage> usage = new SpaceUsage(s.backend.database()).of(null, team);

        assertThat(usage).hasSize(1);
        SpaceUsage.Usage u = usage.get(0);
        assertThat(u.home()).isFalse();
        assertThat(u.name()).isEqualTo(team);
        assertThat(u.files()).isEqualTo(1);
        assertThat(u.fileBytes()).isEqualTo(4);
        assertThat(u.trashed()).isEqualTo(1);
        assertThat(u.trashBytes()).isEqualTo(6);
        // the member's own file is in the member's home, not in the folder
        assertThat(new SpaceUsage(s.backend.database()).of(login, null).get(0).fileBytes())
                .isEqualTo(2);
        assertThat(new SpaceUsage(s.backend.database()).of(null, "no such " + team))
                .isEmpty();
    }
}
