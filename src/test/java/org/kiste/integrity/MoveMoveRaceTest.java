package org.kiste.integrity;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/**
 * Two MOVEs of one folder to two destinations at once both detach the same source: one wins (201), the other finds
 * the source gone or changed (404, 409 or 412). Both used to answer 201, so one client was told of a folder that is
 * not where it was told. The winner's destination holds every file, the loser's holds nothing.
 */
class MoveMoveRaceTest {
    private static final int ROUNDS = 20;
    private final TestServer ts = TestServer.get();

    @Test
    void twoMovesOfOneFolderToTwoPlacesNeverBothSucceed() throws Exception {
        String user = ts.newUser("mvmv");
        Dav d = ts.dav(user);
        long home = ts.users().find(user).orElseThrow().principal().homeSpaceId();
        long seed = System.nanoTime();
        System.out.println("MoveMoveRaceTest seed " + seed);
        Random rnd = new Random(seed);
        assertCreated(d, "left");
        assertCreated(d, "right");

        SoftAssertions soft = new SoftAssertions();
        List<String> outcomes = new ArrayList<>();
        try (Race race = new Race()) {
            for (int round = 0; round < ROUNDS; round++) {
                String src = "a" + round;
                String toLeft = "left/" + src;
                String toRight = "right/" + src;
                SampleFolder folder = SampleFolder.create(d, src, rnd);
                Race.Outcome o = race.run(() -> d.move(src, toLeft), () -> d.move(src, toRight));
                outcomes.add(o.toString());
                soft.assertThat(o.wins())
                        .as("round %d: the MOVEs answered %s; at most one may succeed", round, o)
                        .isLessThanOrEqualTo(1);
                soft.assertThat(o.wins())
                        .as("round %d: the MOVEs answered %s; the folder existed, so one succeeds", round, o)
                        .isGreaterThanOrEqualTo(1);
                for (int status : List.of(o.a(), o.b())) {
                    soft.assertThat(status)
                            .as("round %d: a status of the MOVEs %s", round, o)
                            .isIn(201, 404, 409, 412);
                }
                if (o.wins() == 1) {
                    String won = Race.Outcome.ok(o.a()) ? toLeft : toRight;
                    String lost = Race.Outcome.ok(o.a()) ? toRight : toLeft;
                    soft.assertThat(folder.differencesAt(d, won))
                            .as("round %d: the winner's destination %s", round, won)
                            .isEmpty();
                    soft.assertThat(d.propfind(lost, "0", null).statusCode())
                            .as("round %d: the loser's destination %s", round, lost)
                            .isEqualTo(404);
                }
                soft.assertThat(d.propfind(src, "0", null).statusCode())
                        .as("round %d: the source after the MOVEs", round)
                        .isEqualTo(404);
            }
        }
        System.out.println("MoveMoveRaceTest outcomes: " + outcomes);
        soft.assertThat(TreeInvariants.check(ts, List.of(home)))
                .as("invariants after the races")
                .isEmpty();
        soft.assertAll();
    }

    private static void assertCreated(Dav d, String folder) {
        int status = d.mkcol(folder).statusCode();
        if (status != 201) {
            throw new AssertionError("MKCOL " + folder + ": " + status);
        }
    }
}
