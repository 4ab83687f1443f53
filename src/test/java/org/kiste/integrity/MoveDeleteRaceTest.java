package org.kiste.integrity;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/**
 * A MOVE of folder /a to /b racing a DELETE of /a both detach one source: exactly one may succeed. When both
 * answered success the folder stayed live at /b while listed in the trash, and emptying the trash then deleted the
 * live folder and its files. Here, after 20 such races, the tree must be sound and emptying the trash must leave
 * every file of a surviving folder readable, byte for byte.
 */
class MoveDeleteRaceTest {
    private static final int ROUNDS = 20;
    private final TestServer ts = TestServer.get();

    @Test
    void aMoveAndADeleteOfOneFolderNeverBothSucceedAndTheTrashNeverHoldsALiveFolder() throws Exception {
        String user = ts.newUser("mvdel");
        Dav d = ts.dav(user);
        long home = ts.users().find(user).orElseThrow().principal().homeSpaceId();
        long seed = System.nanoTime();
        System.out.println("MoveDeleteRaceTest seed " + seed);
        Random rnd = new Random(seed);

        SoftAssertions soft = new SoftAssertions();
        Map<String, SampleFolder> survivors = new TreeMap<>();
        List<String> outcomes = new ArrayList<>();
        try (Race race = new Race()) {
            for (int round = 0; round < ROUNDS; round++) {
                String a = "a" + round;
                String b = "b" + round;
                SampleFolder folder = SampleFolder.create(d, a, rnd);
                // alternate which request is handed to the pool first, so neither always has the head start
                boolean moveFirst = round % 2 == 0;
                Race.Outcome o = moveFirst
                        ? race.run(() -> d.move(a, b), () -> d.delete(a))
                        : race.run(() -> d.delete(a), () -> d.move(a, b));
                int move = moveFirst ? o.a() : o.b();
                int delete = moveFirst ? o.b() : o.a();
                outcomes.add("MOVE " + move + " DELETE " + delete);
                soft.assertThat(o.wins())
                        .as(
                                "round %d: MOVE answered %d, DELETE answered %d; at most one may succeed",
                                round, move, delete)
                        .isLessThanOrEqualTo(1);
                soft.assertThat(o.wins())
                        .as(
                                "round %d: MOVE answered %d, DELETE answered %d; the folder existed, so"
                                        + " one of them succeeds",
                                round, move, delete)
                        .isGreaterThanOrEqualTo(1);
                soft.assertThat(move).as("round %d: status of the MOVE", round).isIn(201, 404, 409, 412);
                soft.assertThat(delete)
                        .as("round %d: status of the DELETE", round)
                        .isIn(204, 404, 409, 412);
                if (Race.Outcome.ok(move)) {
                    survivors.put(b, folder); // the client was told it is there now
                } else if (!Race.Outcome.ok(delete)) {
                    survivors.put(a, folder);
                }
            }
        }
        System.out.println("MoveDeleteRaceTest outcomes: " + outcomes);

        soft.assertThat(TreeInvariants.check(ts, List.of(home)))
                .as("invariants after the races")
                .isEmpty();
        for (Map.Entry<String, SampleFolder> e : survivors.entrySet()) {
            soft.assertThat(e.getValue().differencesAt(d, e.getKey()))
                    .as("%s before the trash is emptied", e.getKey())
                    .isEmpty();
        }

        HttpResponse<String> emptied =
                d.send("DELETE", ts.baseUrl + "/remote.php/dav/trashbin/" + user + "/trash/", null);
        soft.assertThat(emptied.statusCode()).as("emptying the trash bin").isEqualTo(204);
        for (Map.Entry<String, SampleFolder> e : survivors.entrySet()) {
            soft.assertThat(e.getValue().differencesAt(d, e.getKey()))
                    .as("%s, which the client was told is live, after the trash was emptied", e.getKey())
                    .isEmpty();
        }
        soft.assertThat(TreeInvariants.check(ts, List.of(home)))
                .as("invariants after emptying the trash")
                .isEmpty();
        soft.assertAll();
    }
}
