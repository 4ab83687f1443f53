package org.kiste.teamfolders;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kiste.audit.AuditLog;
import org.kiste.model.Role;
import org.kiste.model.Subject;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/**
 * Writes into a folder while the folder moves from the home into a team folder: every write either lands before
 * the move (and moves with the folder) or is refused (409, its path no longer leads there); none leaves a row
 * in the space the folder left, and both spaces' sizes stay the sums of their files.
 */
class MoveAcrossSpacesRaceTest {
    private static final int ROUNDS = 12;
    private static final int WRITERS = 3;
    private static final int FILES_PER_WRITER = 15;
    private final TestServer ts = TestServer.get();

    @Test
    void writesRacingAMoveIntoATeamFolderStayInTheFoldersSpace() throws Exception {
        String user = ts.newUser("race");
        String team = "Race " + System.nanoTime() % 1_000_000;
        long teamSpace =
                ts.backend.teamFolders().create(AuditLog.ADMIN_CLI, team, -1).spaceId();
        ts.backend.teamFolders().grant(AuditLog.ADMIN_CLI, team, Subject.Type.USER, user, Role.EDITOR);
        ts.backend.files().mountsChanged();
        Dav d = ts.dav(user);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String folder = "F" + round;
                assertThat(d.mkcol(folder).statusCode()).isEqualTo(201);
                assertThat(d.mkcol(folder + "/sub").statusCode()).isEqualTo(201);
                List<Future<List<Integer>>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(pool.submit(() -> {
                        List<Integer> codes = new ArrayList<>();
                        for (int i = 0; i < FILES_PER_WRITER; i++) {
                            String where = (i % 2 == 0 ? folder : folder + "/sub") + "/w" + writer + "-" + i + ".txt";
                            HttpResponse<String> r =
                                    i % 5 == 4 ? d.mkcol(folder + "/d" + writer + "-" + i) : d.put(where, "0123456789");
                            codes.add(r.statusCode());
                        }
                        return codes;
                    }));
                }
                Thread.sleep(round % 4 * 3L);
                HttpResponse<String> moved = d.move(folder, Dav.enc(team) + "/" + folder);
                assertThat(moved.statusCode()).as(moved.body()).isEqualTo(201);
                for (Future<List<Integer>> f : writers) {
                    assertThat(f.get(60, TimeUnit.SECONDS))
                            .allSatisfy(code -> assertThat(code).isIn(201, 409));
                }
            }
        } finally {
            pool.shutdownNow();
        }

        long home = ts.users().find(user).orElseThrow().principal().homeSpaceId();
        long strays = ts.backend.database().read(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM node c JOIN node p ON p.id = c.parent_id"
                    + " WHERE c.space_id <> p.space_id AND (p.space_id IN (?, ?) OR c.space_id IN (?, ?))")) {
                ps.setLong(1, home);
                ps.setLong(2, teamSpace);
                ps.setLong(3, home);
                ps.setLong(4, teamSpace);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        assertThat(strays).as("rows whose space differs from their folder's").isZero();

        // the team folder's size is the sum of its files, and the home holds nothing of the moved folders
        String teamPath = Dav.enc(team);
        long files = 0;
        for (int round = 0; round < ROUNDS; round++) {
            files += countFiles(d, teamPath + "/F" + round);
        }
        assertThat(used(d, teamPath)).isEqualTo(files * 10);
        var principal = ts.users().find(user).orElseThrow().principal();
        assertThat(ts.backend.files().quota(principal).used())
                .as("the home's own bytes")
                .isZero();
    }

    private static long countFiles(Dav d, String folder) {
        String body = d.propfind(folder, "1", null).body();
        long n = body.split("\\.txt</d:href>", -1).length - 1;
        return n + (d.propfind(folder + "/sub", "1", null).body().split("\\.txt</d:href>", -1).length - 1);
    }

    private static long used(Dav d, String path) {
        String body = d.propfind(
                        path,
                        "0",
                        "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:prop>"
                                + "<d:quota-used-bytes/></d:prop></d:propfind>")
                .body();
        int i = body.indexOf("quota-used-bytes>");
        int j = body.indexOf('<', i);
        return Long.parseLong(body.substring(i + "quota-used-bytes>".length(), j));
    }
}
