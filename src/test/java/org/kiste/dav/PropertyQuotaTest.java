package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.Ocs;
import org.kiste.testing.OcsShares;
import org.kiste.testing.TestServer;

/**
 * Dead properties count against the space's quota as file bytes do: many empty files with properties fill it (507),
 * what quota-used-bytes shows includes them, and deleting gives the room back (the trash does not count), while a
 * restore, a COPY or a MOVE into another space count them again. The per-space count stays equal to what the live
 * tree's properties hold, also under concurrent PROPPATCHes and DELETEs.
 */
class PropertyQuotaTest {
    private final TestServer s = TestServer.get();

    private static String prop(String name, String value) {
        return "<x:" + name + " xmlns:x=\"urn:pq\">" + value + "</x:" + name + ">";
    }

    /** The bytes one property counts: namespace, name and value. */
    private static long bytes(String name, String value) {
        return "urn:pq".length() + name.length() + value.length();
    }

    private static String patch(Dav dav, String path, String name, String value) {
        HttpResponse<String> r = dav.proppatch(path, PropPatchTest.set(prop(name, value)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(207);
        return r.body();
    }

    private static long used(Dav dav) {
        return Long.parseLong(dav.props("", "0", "quota-used-bytes").self().text("quota-used-bytes"));
    }

    private long counted(String login) {
        return s.backend.database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT s.prop_bytes FROM space s JOIN user_account u"
                    + " ON u.home_space_id = s.id WHERE u.login = ?")) {
                ps.setString(1, login);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** What the properties of the home's live tree hold, measured from scratch. */
    private long measured(String login) {
        return s.backend.database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("WITH RECURSIVE t (id) AS ("
                    + " SELECT s.root_node_id FROM space s JOIN user_account u ON u.home_space_id = s.id"
                    + " WHERE u.login = ? UNION ALL SELECT n.id FROM node n JOIN t ON n.parent_id = t.id)"
                    + " SELECT COALESCE(SUM(OCTET_LENGTH(p.namespace) + OCTET_LENGTH(p.localname)"
                    + " + OCTET_LENGTH(p.value)), 0) FROM t JOIN dead_prop p ON p.node_id = t.id")) {
                ps.setString(1, login);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private String trashKey(Dav dav, String name) {
        HttpResponse<String> r = dav.send(
                "PROPFIND", s.baseUrl + "/remote.php/dav/trashbin/" + dav.login + "/trash/", null, "Depth", "1");
        assertThat(r.statusCode()).isEqualTo(207);
        MultiStatus.Response item = MultiStatus.parse(r).responses.stream()
                .filter(x -> name.equals(x.text("{http://nextcloud.org/ns}trashbin-filename")))
                .findFirst()
                .orElseThrow();
        String key = item.href().replaceAll("/$", "");
        return key.substring(key.lastIndexOf('/') + 1);
    }

    private HttpResponse<String> restore(Dav dav, String key) {
        String bin = s.baseUrl + "/remote.php/dav/trashbin/" + dav.login;
        return dav.send("MOVE", bin + "/trash/" + key, null, "Destination", bin + "/restore/" + key);
    }

    @Test
    void emptyFilesWithPropertiesFillTheQuotaAndDeletingGivesTheRoomBack() throws InterruptedException {
        String login = s.newUser("pq");
        s.users().setQuota(login, 10_000);
        Thread.sleep(1100); // quota changes reach the files core within a second
        Dav dav = s.dav(login);
        String value = "v".repeat(1000);
        long one = bytes("note", value);
        int stored = 0;
        for (int i = 0; i < 20; i++) {
            assertThat(dav.put("e" + i + ".txt", "").statusCode()).isEqualTo(201);
            String body = patch(dav, "e" + i + ".txt", "note", value);
            if (body.contains("HTTP/1.1 507")) {
                assertThat(body).doesNotContain("HTTP/1.1 200");
                break;
            }
            assertThat(body).contains("HTTP/1.1 200");
            stored++;
        }
        assertThat(stored).isEqualTo((int) (10_000 / one));
        assertThat(used(dav)).isEqualTo(stored * one);
        assertThat(counted(login)).isEqualTo(stored * one);
        // the OCS user record says the same
        assertThat(new Ocs(dav)
                        .json("v2.php/cloud/user")
                        .data()
                        .path("quota")
                        .path("used")
                        .asLong())
                .isEqualTo(stored * one);
        // files do not fit either now
        assertThat(dav.put("more.bin", "m".repeat((int) (10_000 - stored * one + 1)))
                        .statusCode())
                .isEqualTo(507);

        // deleting gives the room back: the trash does not count
        assertThat(dav.delete("e0.txt").statusCode()).isEqualTo(204);
        assertThat(used(dav)).isEqualTo((stored - 1) * one);
        assertThat(patch(dav, "e" + stored + ".txt", "note", value)).contains("HTTP/1.1 200");
        assertThat(used(dav)).isEqualTo(stored * one);
        // so a restore must fit again: 507 while full, 201 once there is room
        String key = trashKey(dav, "e0.txt");
        assertThat(restore(dav, key).statusCode()).isEqualTo(507);
        assertThat(dav.delete("e1.txt").statusCode()).isEqualTo(204);
        assertThat(restore(dav, key).statusCode()).isEqualTo(201);
        assertThat(used(dav)).isEqualTo(stored * one);

        // a folder with properties inside goes to the trash whole, and so do its properties
        assertThat(dav.mkcol("d").statusCode()).isEqualTo(201);
        assertThat(dav.move("e2.txt", "d/e2.txt").statusCode()).isEqualTo(201);
        assertThat(dav.move("e3.txt", "d/e3.txt").statusCode()).isEqualTo(201);
        assertThat(used(dav)).isEqualTo(stored * one);
        assertThat(dav.delete("d").statusCode()).isEqualTo(204);
        assertThat(used(dav)).isEqualTo((stored - 2) * one);

        // a copy counts what it copies, and is refused when that does not fit
        assertThat(dav.copy("e4.txt", "c4.txt").statusCode()).isEqualTo(201);
        assertThat(used(dav)).isEqualTo((stored - 1) * one);
        assertThat(dav.copy("e5.txt", "c5.txt").statusCode()).isEqualTo(201);
        assertThat(dav.copy("e6.txt", "c6.txt").statusCode()).isEqualTo(507);
        assertThat(dav.get("c6.txt").statusCode()).isEqualTo(404);
        // a MOVE over a file with properties drops the source's; removing a property frees its bytes
        assertThat(dav.move("c5.txt", "c4.txt").statusCode()).isEqualTo(204);
        assertThat(used(dav)).isEqualTo((stored - 1) * one);
        assertThat(dav.proppatch(
                                "c4.txt",
                                "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\"><d:remove><d:prop>"
                                        + prop("note", "") + "</d:prop></d:remove></d:propertyupdate>")
                        .body())
                .contains("HTTP/1.1 200");
        assertThat(used(dav)).isEqualTo((stored - 2) * one);

        // emptying the trash changes nothing: it did not count
        HttpResponse<String> empty =
                dav.send("DELETE", s.baseUrl + "/remote.php/dav/trashbin/" + login + "/trash", null);
        assertThat(empty.statusCode()).isEqualTo(204);
        assertThat(used(dav)).isEqualTo((stored - 2) * one);
        assertThat(counted(login)).isEqualTo(measured(login));
    }

    @Test
    void aMoveToAnotherSpaceCarriesThePropertiesCount() {
        String a = s.newUser("pqa");
        String b = s.newUser("pqb");
        Dav owner = s.dav(a);
        assertThat(owner.mkcol("Shared").statusCode()).isEqualTo(201);
        new OcsShares(owner).create("/Shared", OcsShares.USER, b, 31);
        Dav recipient = s.dav(b);
        assertThat(recipient.put("mine.txt", "").statusCode()).isEqualTo(201);
        assertThat(patch(recipient, "mine.txt", "note", "x".repeat(300))).contains("HTTP/1.1 200");
        assertThat(counted(b)).isEqualTo(bytes("note", "x".repeat(300)));
        assertThat(recipient.move("mine.txt", "Shared/mine.txt").statusCode()).isEqualTo(201);
        assertThat(counted(b)).isZero();
        assertThat(counted(a)).isEqualTo(bytes("note", "x".repeat(300)));
        assertThat(counted(a)).isEqualTo(measured(a));
        assertThat(counted(b)).isEqualTo(measured(b));
    }

    @Test
    void concurrentPropPatchesAndDeletesKeepTheCountExact() throws Exception {
        String login = s.newUser("pqr");
        Dav dav = s.dav(login);
        for (int f = 0; f < 4; f++) {
            assertThat(dav.mkcol("f" + f).statusCode()).isEqualTo(201);
            for (int i = 0; i < 5; i++) {
                assertThat(dav.put("f" + f + "/x" + i + ".txt", "").statusCode())
                        .isEqualTo(201);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int f = 0; f < 4; f++) {
                String folder = "f" + f;
                for (int i = 0; i < 5; i++) {
                    String file = folder + "/x" + i + ".txt";
                    done.add(pool.submit(() -> {
                        for (int k = 0; k < 3; k++) {
                            dav.proppatch(file, PropPatchTest.set(prop("n" + k, "y".repeat(100))));
                        }
                    }));
                }
                if (f % 2 == 0) {
                    done.add(pool.submit(() -> dav.delete(folder)));
                }
            }
            for (Future<?> d : done) {
                d.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(counted(login)).isEqualTo(measured(login)).isPositive();
        assertThat(used(dav)).isEqualTo(measured(login));
    }

    /** V14 fills the count in for what was stored before it: the live tree's properties, not the trash's. */
    @Test
    void theMigrationCountsWhatIsAlreadyThere() throws Exception {
        String login = s.newUser("pqm");
        Dav dav = s.dav(login);
        assertThat(dav.mkcol("d").statusCode()).isEqualTo(201);
        assertThat(dav.put("d/a.txt", "").statusCode()).isEqualTo(201);
        assertThat(dav.put("t.txt", "").statusCode()).isEqualTo(201);
        assertThat(patch(dav, "d", "n", "é".repeat(50))).contains("HTTP/1.1 200");
        assertThat(patch(dav, "d/a.txt", "n", "a".repeat(70))).contains("HTTP/1.1 200");
        assertThat(patch(dav, "t.txt", "n", "t".repeat(90))).contains("HTTP/1.1 200");
        assertThat(dav.delete("t.txt").statusCode()).isEqualTo(204);
        long expected = bytes("n", "") + 100 + bytes("n", "a".repeat(70));
        assertThat(counted(login)).isEqualTo(expected);

        String migration;
        try (var in = getClass().getResourceAsStream("/db/migration/V14__property_bytes.sql")) {
            migration = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String backfill = migration.substring(migration.indexOf("UPDATE space s"));
        s.backend.database().tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE space SET prop_bytes = 0 WHERE id ="
                    + " (SELECT home_space_id FROM user_account WHERE login = ?)")) {
                ps.setString(1, login);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(backfill.trim().replaceAll(";$", ""))) {
                ps.executeUpdate();
            }
            return null;
        });
        assertThat(counted(login)).isEqualTo(expected).isEqualTo(measured(login));
    }
}
