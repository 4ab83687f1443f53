package org.kiste.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kiste.model.FilePath;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/**
 * A purge cut short after its item was marked (a crash, or a failure between its steps) is finished by the next
 * housekeeping run, whatever the retention: a marked item is neither listed nor restorable, so nothing else would
 * ever free its rows.
 */
class TrashPurgeResumeTest {
    @Test
    void theNextRunFinishesAPurgeCutShort() throws Exception {
        TestServer s = TestServer.get();
        Dav dav = s.dav(s.newUser("resume"));
        assertThat(dav.mkcol("d").statusCode()).isEqualTo(201);
        assertThat(dav.put("d/a.txt", "a").statusCode()).isEqualTo(201);
        assertThat(dav.put("d/b.txt", "b").statusCode()).isEqualTo(201);
        var principal = s.backend.users().find(dav.login).orElseThrow().principal();
        long folder =
                s.backend.files().resolve(principal, FilePath.parse("d")).node().id();
        long leaf = s.backend
                .files()
                .resolve(principal, FilePath.parse("d/a.txt"))
                .node()
                .id();
        assertThat(dav.delete("d").statusCode()).isEqualTo(204);

        Database db = s.backend.database();
        // what a purge leaves when it stops after marking the item and removing one leaf
        List<Long> marked = db.tx(c -> new TrashRepository().markPurging(c, 0, List.of(folder)));
        assertThat(marked).containsExactly(folder);
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM node WHERE id = ?")) {
                ps.setLong(1, leaf);
                return ps.executeUpdate();
            }
        });
        assertThat(count(db, "SELECT COUNT(*) FROM node WHERE id = ? OR parent_id = ?", folder))
                .isEqualTo(2);

        new TrashPurge(db, Duration.ofDays(30)).run();

        assertThat(count(db, "SELECT COUNT(*) FROM node WHERE id = ? OR parent_id = ?", folder))
                .isZero();
        assertThat(count(db, "SELECT COUNT(*) FROM trash_item WHERE node_id = ? OR node_id = ?", folder))
                .isZero();
    }

    private static long count(Database db, String sql, long id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, id);
                ps.setLong(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
