package org.kiste.integrity;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.OcsShares;
import org.kiste.testing.TestServer;

/**
 * Two MOVEs of a received share's mount point at once, to two new names or into two folders of the recipient's
 * own: one wins (201), the other finds the mount point gone or moved (404, 409 or 412). Both used to answer 201,
 * so one client was told the share was where it is not. Afterwards the recipient sees the share at the winner's
 * destination only, neither at the loser's nor at the source, and the owner's folder has not moved.
 */
class ShareMountPointMoveRaceTest {
    private static final int ROUNDS = 20;
    /** The rounds stop early past this, so that a slow machine does not hold the build for minutes. */
    private static final long MAX_MILLIS = 45_000;

    private final TestServer ts = TestServer.get();

    @Test
    void twoMovesOfOneShareMountPointNeverBothSucceed() throws Exception {
        String alice = ts.newUser("shmv");
        String bob = ts.newUser("shmv");
        Dav owner = ts.dav(alice);
        Dav d = ts.dav(bob);
        OcsShares shares = new OcsShares(owner);
        expect(d.mkcol("left"), 201, "MKCOL left");
        expect(d.mkcol("right"), 201, "MKCOL right");

        SoftAssertions soft = new SoftAssertions();
        List<String> outcomes = new ArrayList<>();
        long start = System.currentTimeMillis();
        try (Race race = new Race()) {
            for (int round = 0; round < ROUNDS && System.currentTimeMillis() - start < MAX_MILLIS; round++) {
                String src = "Shared" + round;
                String content = "round " + round;
                expect(owner.mkcol(src), 201, "MKCOL " + src);
                expect(owner.put(src + "/a.txt", content), 201, "PUT " + src + "/a.txt");
                shares.create("/" + src, OcsShares.USER, bob, 1);
                expect(d.propfind(src, "0", null), 207, "the recipient's PROPFIND of " + src);
                boolean rename = round % 2 == 0;
                String toLeft = rename ? "L" + round : "left/" + src;
                String toRight = rename ? "R" + round : "right/" + src;

                Race.Outcome o = race.run(() -> d.move(src, toLeft), () -> d.move(src, toRight));
                List<String> seenAt = new ArrayList<>();
                for (String path : List.of(src, toLeft, toRight)) {
                    if (d.propfind(path, "0", null).statusCode() == 207) {
                        seenAt.add(path);
                    }
                }
                outcomes.add(o + " at " + seenAt);
                String desc =
                        String.format("round %d: MOVEs of %s to %s and %s answered %s", round, src, toLeft, toRight, o);
                soft.assertThat(o.wins())
                        .as("%s; at most one may succeed", desc)
                        .isLessThanOrEqualTo(1);
                soft.assertThat(o.wins())
                        .as("%s; the mount point existed, so one succeeds", desc)
                        .isGreaterThanOrEqualTo(1);
                for (int status : List.of(o.a(), o.b())) {
                    soft.assertThat(status).as("%s: a status", desc).isIn(201, 404, 409, 412);
                }
                soft.assertThat(seenAt)
                        .as("%s: the recipient sees the share in exactly one place", desc)
                        .hasSize(1);
                if (o.wins() == 1) {
                    String won = Race.Outcome.ok(o.a()) ? toLeft : toRight;
                    soft.assertThat(seenAt)
                            .as("%s: where the recipient sees the share (of source and both destinations)", desc)
                            .containsExactly(won);
                    soft.assertThat(d.get(won + "/a.txt").body())
                            .as("%s: the file in the share at the winner's destination %s", desc, won)
                            .isEqualTo(content);
                }
                soft.assertThat(owner.get(src + "/a.txt").body())
                        .as("%s: the owner's file", desc)
                        .isEqualTo(content);
            }
        } finally {
            System.out.println("ShareMountPointMoveRaceTest outcomes: " + outcomes);
        }
        long aliceHome = ts.users().find(alice).orElseThrow().principal().homeSpaceId();
        long bobHome = ts.users().find(bob).orElseThrow().principal().homeSpaceId();
        soft.assertThat(outcomes).as("rounds run").isNotEmpty();
        soft.assertThat(TreeInvariants.check(ts, List.of(aliceHome, bobHome)))
                .as("invariants after the races")
                .isEmpty();
        soft.assertAll();
    }

    private static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new AssertionError(what + ": " + r.statusCode() + " " + r.body());
        }
    }
}
