package org.kiste.integrity;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.DavLocks;
import org.kiste.testing.OcsShares;
import org.kiste.testing.Spaces;
import org.kiste.testing.TestServer;

/**
 * Two exclusive LOCKs sent at the same moment on a mount point, a team folder's root as its members see it or a
 * received folder share as its recipients see it, by two users or by one user from two clients: exactly one is
 * granted (200), the other finds it locked (423). Both used to be granted with two different tokens, so two clients
 * each believed they alone held the folder. Afterwards the folder reports exactly the winner's lock.
 */
class TeamFolderRootLockRaceTest {
    private static final int ROUNDS = 20;
    /** The rounds stop early past this, so that a slow machine does not hold the build for minutes. */
    private static final long MAX_MILLIS = 40_000;

    private final TestServer ts = TestServer.get();

    /** A client and the path of the mount point in that client's tree (encoded). */
    private record Locker(String name, Dav dav, String path) {}

    @Test
    void twoExclusiveLocksOnATeamFolderRootNeverBothSucceed() throws Exception {
        String alice = ts.newUser("tflk");
        String bob = ts.newUser("tflk");
        String team = new Spaces(ts).teamFolder(-1, alice, bob);
        ts.backend.files().mountsChanged();
        String mount = Dav.enc(team);
        Locker a = new Locker(alice, ts.dav(alice), mount);
        Locker b = new Locker(bob, ts.dav(bob), mount);
        Locker b2 = new Locker(bob + " (second client)", ts.dav(bob), mount);
        race("team folder root", a, b, b2);
    }

    /**
     * A depth-infinity LOCK of the team folder's root racing a LOCK of a file at its top: the root's lock covers the
     * file, so one of them is refused. A write at the top of a team folder holds its root shared for this.
     */
    @Test
    void aDeepLockOnATeamFolderRootAndALockOfAFileInItNeverBothSucceed() throws Exception {
        String alice = ts.newUser("tfdl");
        String bob = ts.newUser("tfdl");
        String team = new Spaces(ts).teamFolder(-1, alice, bob);
        ts.backend.files().mountsChanged();
        String root = Dav.enc(team);
        String file = root + "/a.txt";
        Dav a = ts.dav(alice);
        Dav b = ts.dav(bob);
        expect(b.put(file, "a"), 201, "PUT " + file);
        SoftAssertions soft = new SoftAssertions();
        List<String> outcomes = new ArrayList<>();
        long start = System.currentTimeMillis();
        try (Race race = new Race()) {
            for (int round = 0; round < ROUNDS && System.currentTimeMillis() - start < MAX_MILLIS; round++) {
                AtomicReference<HttpResponse<String>> ra = new AtomicReference<>();
                AtomicReference<HttpResponse<String>> rb = new AtomicReference<>();
                Race.Outcome o = race.run(
                        () -> lock(new Locker(alice, a, root), "infinity", ra),
                        () -> lock(new Locker(bob, b, file), "0", rb));
                outcomes.add(o.toString());
                soft.assertThat(o.wins())
                        .as("round %d: LOCK of the root and of a.txt answered %s; exactly one is granted", round, o)
                        .isEqualTo(1);
                unlock(soft, "round " + round, new Locker(alice, a, root), ra.get());
                unlock(soft, "round " + round, new Locker(bob, b, file), rb.get());
            }
        } finally {
            System.out.println("TeamFolderRootLockRaceTest root and file outcomes: " + outcomes);
        }
        soft.assertAll();
    }

    @Test
    void twoExclusiveLocksOnAReceivedShareNeverBothSucceed() throws Exception {
        String alice = ts.newUser("shlk");
        String bob = ts.newUser("shlk");
        String carol = ts.newUser("shlk");
        Dav owner = ts.dav(alice);
        expect(owner.mkcol("Shared1"), 201, "MKCOL Shared1");
        expect(owner.put("Shared1/a.txt", "hello"), 201, "PUT Shared1/a.txt");
        OcsShares shares = new OcsShares(owner);
        shares.create("/Shared1", OcsShares.USER, bob, 15);
        shares.create("/Shared1", OcsShares.USER, carol, 15);
        Locker b = new Locker(bob, ts.dav(bob), "Shared1");
        Locker c = new Locker(carol, ts.dav(carol), "Shared1");
        Locker c2 = new Locker(carol + " (second client)", ts.dav(carol), "Shared1");
        race("received share", b, c, c2);
    }

    /**
     * Even rounds race {@code one} against {@code two} (two users), odd rounds {@code two} against
     * {@code twoAgain}, a second client of the same user; Depth alternates between infinity and 0 every two rounds.
     */
    private void race(String what, Locker one, Locker two, Locker twoAgain) throws Exception {
        for (Locker l : List.of(one, two)) {
            expect(l.dav().propfind(l.path(), "0", null), 207, "PROPFIND " + l.path() + " as " + l.name());
        }
        SoftAssertions soft = new SoftAssertions();
        List<String> outcomes = new ArrayList<>();
        long start = System.currentTimeMillis();
        try (Race race = new Race()) {
            for (int round = 0; round < ROUNDS && System.currentTimeMillis() - start < MAX_MILLIS; round++) {
                boolean twoUsers = round % 2 == 0;
                Locker x = twoUsers ? one : two;
                Locker y = twoUsers ? two : twoAgain;
                String depth = round % 4 < 2 ? "infinity" : "0";
                AtomicReference<HttpResponse<String>> rx = new AtomicReference<>();
                AtomicReference<HttpResponse<String>> ry = new AtomicReference<>();
                Race.Outcome o = race.run(() -> lock(x, depth, rx), () -> lock(y, depth, ry));
                outcomes.add(o + " (" + (twoUsers ? "two users" : "one user") + ", depth " + depth + ")");
                String desc = String.format(
                        "%s, round %d: LOCKs by %s and %s, Depth %s, answered %s",
                        what, round, x.name(), y.name(), depth, o);
                soft.assertThat(o.wins())
                        .as("%s; at most one may be granted", desc)
                        .isLessThanOrEqualTo(1);
                soft.assertThat(o.wins())
                        .as("%s; the folder was unlocked, so one is granted", desc)
                        .isGreaterThanOrEqualTo(1);
                for (int status : List.of(o.a(), o.b())) {
                    soft.assertThat(status).as("%s: a status", desc).isIn(200, 423);
                }
                List<String> tokens = new ArrayList<>();
                for (HttpResponse<String> r : List.of(rx.get(), ry.get())) {
                    if (r != null && r.statusCode() == 200) {
                        tokens.add(DavLocks.tokenOf(r));
                    }
                }
                soft.assertThat(DavLocks.discovered(x.dav(), x.path()))
                        .extracting(DavLocks.Active::token)
                        .as("%s: the locks the folder reports", desc)
                        .containsExactlyInAnyOrderElementsOf(tokens);
                // release every granted lock, so that the next round starts on an unlocked folder
                unlock(soft, desc, x, rx.get());
                unlock(soft, desc, y, ry.get());
                soft.assertThat(DavLocks.discovered(x.dav(), x.path()))
                        .as("%s: the locks left after UNLOCK", desc)
                        .isEmpty();
            }
        } finally {
            System.out.println("TeamFolderRootLockRaceTest " + what + " outcomes: " + outcomes);
        }
        soft.assertThat(outcomes).as("rounds run").isNotEmpty();
        soft.assertAll();
    }

    private static HttpResponse<String> lock(Locker l, String depth, AtomicReference<HttpResponse<String>> into) {
        HttpResponse<String> r = DavLocks.lock(l.dav(), l.path(), true, depth, "Second-600", null);
        into.set(r);
        return r;
    }

    private static void unlock(SoftAssertions soft, String desc, Locker l, HttpResponse<String> granted) {
        if (granted == null || granted.statusCode() != 200) {
            return;
        }
        String token = DavLocks.tokenOf(granted);
        soft.assertThat(DavLocks.unlock(l.dav(), l.path(), "<" + token + ">").statusCode())
                .as("%s: UNLOCK of %s's lock", desc, l.name())
                .isEqualTo(204);
    }

    private static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new AssertionError(what + ": " + r.statusCode() + " " + r.body());
        }
    }
}
