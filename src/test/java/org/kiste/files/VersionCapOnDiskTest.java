package org.kiste.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kiste.Backend;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.server.KisteServer;
import org.kiste.testing.Dav;
import org.kiste.testing.HousekeepingHeld;
import org.kiste.testing.TestDatabase;
import org.kiste.testing.VersionsDav;

/**
 * The versions' cap where the disk decides: the blob directory on a real 8 MiB file system (tmpfs, which needs
 * root: the test is skipped without it). A home without a quota keeps its versions within half of the free disk, and
 * so does a home whose quota is larger than the room left on the disk; while the disk has room, nothing goes.
 */
class VersionCapOnDiskTest {
    private static final int KIB = 1024;
    private static final int UNIT = 256 * KIB;
    private static final long WEEK = 7 * 86_400;

    @Test
    void withoutAQuotaOrWithOneLargerThanTheDiskTheFreeDiskDecides() throws Exception {
        Path mount = TestDatabase.tempDir("kiste-versioncap-");
        Assumptions.assumeTrue(
                run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString()) == 0,
                "mounting a tmpfs needs root");
        Map<String, String> s = TestDatabase.isolatedSettings(TestDatabase.tempDir("kiste-versioncap-data-"));
        s.put("blob.dir", mount.toString());
        s.put("port", "0");
        s.put("bind", "127.0.0.1");
        try (Backend backend = Backend.open(KisteConfig.from(new Settings(s, Map.of())), false);
                HousekeepingHeld held = HousekeepingHeld.hold(backend.database(), "kiste.version-expiry")) {
            KisteServer server = new KisteServer(backend);
            server.start();
            try {
                String base = "http://127.0.0.1:" + server.port();
                backend.users().add("open", "pw-open", false, null, null, -1);
                backend.users().add("large", "pw-large", false, null, null, 100L << 20);
                Dav open = new Dav(base, "open", "pw-open");
                Dav large = new Dav(base, "large", "pw-large");
                long openFile = fileWithFourVersions(open, 'a');
                long largeFile = fileWithFourVersions(large, 'k');
                VersionExpiry expiry =
                        backend.files().versionExpiry(VersionSchedule.parse(VersionSchedule.NEXTCLOUD), 50);

                // 2.5 MiB of 8 written: each home's 1 MiB of versions fits in half of the free disk
                expiry.byCap();
                assertThat(new VersionsDav(open).list(openFile)).hasSize(4);
                assertThat(new VersionsDav(large).list(largeFile)).hasSize(4);

                // about 4.25 MiB more (in parts: a write needs its size free once its bytes are on the disk) leave
                // about 1.25 MiB free, half of it for each home's versions: of four versions of 256 KiB, the two
                // oldest go in both homes (a quota of 100 MiB would leave them all)
                int[] fills = {10 * UNIT, 5 * UNIT, 2 * UNIT};
                for (int i = 0; i < fills.length; i++) {
                    var r = open.put(
                            "fill" + i + ".bin", Character.toString('v' + i).repeat(fills[i]));
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                }
                long free = backend.blobs().usableSpace();
                long over = 4L * UNIT - free / 2;
                int gone = (int) Math.min(4, Math.max(0, (over + UNIT - 1) / UNIT));
                System.out.printf("free disk %d bytes: %d of 4 versions over the cap%n", free, gone);
                assertThat(gone)
                        .as("versions over the cap with %d bytes free", free)
                        .isBetween(1, 3);
                expiry.byCap();
                assertThat(new VersionsDav(open).contents(openFile))
                        .containsExactlyElementsOf(newest(List.of('d', 'c', 'b', 'a'), 4 - gone));
                assertThat(new VersionsDav(large).contents(largeFile))
                        .containsExactlyElementsOf(newest(List.of('n', 'm', 'l', 'k'), 4 - gone));
                assertThat(open.get("f.bin").body()).isEqualTo(content('e'));
                assertThat(large.get("f.bin").body()).isEqualTo(content('o'));
            } finally {
                server.stop();
            }
        } finally {
            run("umount", mount.toString());
        }
    }

    /** A file written five times, a week apart (the schedule keeps every version); returns its id. */
    private static long fileWithFourVersions(Dav d, char first) {
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < 5; i++) {
            int status = d.put("f.bin", content((char) (first + i)), "X-OC-Mtime", Long.toString(now - (10 - i) * WEEK))
                    .statusCode();
            assertThat(status).isBetween(200, 299);
        }
        long id = Dav.nodeId(d.head("f.bin"));
        assertThat(new VersionsDav(d).list(id)).hasSize(4);
        return id;
    }

    private static List<String> newest(List<Character> newestFirst, int kept) {
        return newestFirst.subList(0, kept).stream()
                .map(VersionCapOnDiskTest::content)
                .toList();
    }

    private static String content(char c) {
        return Character.toString(c).repeat(UNIT);
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
