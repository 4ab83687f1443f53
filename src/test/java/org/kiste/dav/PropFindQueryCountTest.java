package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.files.FilesService;
import org.kiste.files.Precondition;
import org.kiste.files.PropPatch;
import org.kiste.model.FilePath;
import org.kiste.model.Principal;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * A Depth 1 PROPFIND costs a small number of statements whatever the size of the folder: counted with MariaDB's
 * global status counters from a connection of its own, comparing a 200-entry and a 2,000-entry folder.
 */
class PropFindQueryCountTest {
    private static final int SMALL = 200;
    private static final int BIG = 2000;
    /** Children are listed 1000 per page; each page may add a children query, a pending-changes and a dead-property query. */
    private static final int PER_PAGE = 3;

    private static final TestServer s = TestServer.get();
    private static Dav dav;
    private static Connection monitor;

    @BeforeAll
    static void folders() throws Exception {
        String login = s.newUser("qcount");
        dav = s.dav(login);
        Principal p = s.users().find(login).orElseThrow().principal();
        FilesService files = s.backend.files();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (String folder : new String[] {"small", "big"}) {
                files.mkdir(p, FilePath.parse(folder), Precondition.NONE);
                int n = folder.equals("small") ? SMALL : BIG;
                List<Future<?>> work = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int k = i;
                    work.add(pool.submit(() -> {
                        FilePath path = FilePath.parse(
                                folder + "/entry-" + String.format("%05d", k) + (k % 10 == 0 ? "" : ".txt"));
                        if (k % 10 == 0) {
                            files.mkdir(p, path, Precondition.NONE);
                        } else {
                            byte[] body = k % 7 == 0 ? ("content " + k).getBytes() : new byte[0];
                            files.put(
                                    p,
                                    path,
                                    new ByteArrayInputStream(body),
                                    body.length,
                                    null,
                                    null,
                                    Precondition.NONE);
                        }
                        if (k % 20 == 1) {
                            files.patchProperties(
                                    p,
                                    files.resolve(p, path),
                                    List.of(new PropPatch("urn:count", "tag", "t" + k)),
                                    null,
                                    Precondition.NONE,
                                    false);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
            }
        } finally {
            pool.shutdown();
        }
        // a few shared entries, so that the listing's oc:share-types has something to mark
        String other = s.newUser("qshare");
        for (String entry : new String[] {"big/entry-00010", "big/entry-01001.txt", "small/entry-00001.txt"}) {
            s.backend
                    .shares()
                    .create(
                            p,
                            new org.kiste.share.ShareRequest(
                                    FilePath.parse(entry),
                                    org.kiste.model.ShareType.USER,
                                    other,
                                    1,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null));
        }
        HikariDataSource ds = (HikariDataSource) s.backend.database().dataSource();
        monitor = DriverManager.getConnection(ds.getJdbcUrl(), ds.getUsername(), ds.getPassword());
    }

    @AfterAll
    static void close() throws SQLException {
        if (monitor != null) {
            monitor.close();
        }
    }

    /** Server-wide counters; other clients only ever add to them, so the smallest delta of a few runs is ours. */
    private static long[] counters() throws SQLException {
        long questions = 0;
        long selects = 0;
        try (Statement st = monitor.createStatement();
                ResultSet rs =
                        st.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_select')")) {
            while (rs.next()) {
                if (rs.getString(1).equalsIgnoreCase("Questions")) {
                    questions = rs.getLong(2);
                } else {
                    selects = rs.getLong(2);
                }
            }
        }
        return new long[] {questions, selects};
    }

    /**
     * {statements, selects} of the quietest of several runs of one PROPFIND. Noise from other clients only adds,
     * so the smallest delta is an upper bound of the request's own cost: runs go on (at most 30) until it is
     * within {@code bound}, and a request that really costs more can never pass.
     */
    private static long[] cost(String folder, String body, int expectedResponses, long bound) throws SQLException {
        return cost(folder, body, expectedResponses, bound, Long.MAX_VALUE);
    }

    /** As above, also running on (within the same 30) while the SELECT count is above {@code selectBound}. */
    private static long[] cost(String folder, String body, int expectedResponses, long bound, long selectBound)
            throws SQLException {
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
        for (int run = 0; run < 30 && (run < 5 || best[0] > bound || best[1] > selectBound); run++) {
            long[] before = counters();
            var r = dav.propfind(folder, "1", body);
            long[] after = counters();
            assertThat(r.statusCode()).isEqualTo(207);
            if (run == 0) {
                assertThat(MultiStatus.parse(r).responses).hasSize(expectedResponses);
            }
            // the monitor's own SHOW counts once in Questions
            best[0] = Math.min(best[0], after[0] - before[0] - 1);
            best[1] = Math.min(best[1], after[1] - before[1]);
        }
        return best;
    }

    @Test
    void listingCostDoesNotGrowWithTheFolder() throws SQLException {
        String allprop = null;
        String live = MultiStatus.propBody("getetag", "getcontentlength", "resourcetype", "quota-used-bytes");
        String dead = MultiStatus.propBody("getetag", "{urn:count}tag");
        String nextcloud = MultiStatus.propBody(
                "getetag",
                "{http://owncloud.org/ns}permissions",
                "{http://owncloud.org/ns}share-types",
                "{http://owncloud.org/ns}owner-id",
                "{http://nextcloud.org/ns}mount-type");
        for (String body : new String[] {allprop, live, dead, nextcloud}) {
            dav.propfind("small", "1", body); // warm caches: credentials, the space row
            long[] small = cost("small", body, SMALL + 1, 12);
            long[] big = cost("big", body, BIG + 1, 12 + 2 * PER_PAGE, small[1] + 2 * PER_PAGE);
            String what = body == null ? "allprop" : body;
            System.out.printf(
                    "PROPFIND Depth 1 %s: %d entries %d statements (%d SELECT), %d entries %d statements (%d SELECT)%n",
                    body == null ? "allprop" : "prop", SMALL, small[0], small[1], BIG, big[0], big[1]);
            assertThat(small[0])
                    .as("statements for %d entries, %s", SMALL, what)
                    .isLessThanOrEqualTo(12);
            assertThat(big[0]).as("statements for %d entries, %s", BIG, what).isLessThanOrEqualTo(12 + 2 * PER_PAGE);
            // 1,800 more entries cost at most the queries of the extra pages, never one per entry
            assertThat(big[1] - small[1])
                    .as("extra SELECTs for %d more entries, %s", BIG - SMALL, what)
                    .isLessThanOrEqualTo(2 * PER_PAGE);
        }
    }

    @Test
    void everyEntryOfABigFolderIsListedOnce() {
        MultiStatus ms = MultiStatus.parse(dav.propfind("big", "1", MultiStatus.propBody("getetag", "{urn:count}tag")));
        assertThat(ms.paths()).doesNotHaveDuplicates().hasSize(BIG + 1);
        String base = "/remote.php/dav/files/" + dav.login + "/big/";
        assertThat(ms.at(base + "entry-00000/").text("getetag")).isNotNull();
        assertThat(ms.at(base + "entry-01999.txt").text("getetag")).isNotNull();
        assertThat(ms.at(base + "entry-01001.txt").text("{urn:count}tag")).isEqualTo("t1001");
        assertThat(ms.at(base + "entry-01002.txt").statusOf("{urn:count}tag")).isEqualTo(404);
        MultiStatus types = MultiStatus.parse(
                dav.propfind("big", "1", MultiStatus.propBody("{http://owncloud.org/ns}share-types")));
        assertThat(types.at(base + "entry-01001.txt").text("{http://owncloud.org/ns}share-types"))
                .isEqualTo("0");
        assertThat(types.at(base + "entry-01002.txt").text("{http://owncloud.org/ns}share-types"))
                .isEmpty();
    }
}
