package org.kiste.integrity;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.kiste.audit.AuditLog;
import org.kiste.model.Role;
import org.kiste.model.Subject;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/**
 * A MOVE of a home folder into a team folder racing a MOVE of the same folder elsewhere in the home: one wins. Both
 * used to succeed and leave a node in the team folder's space under a parent of the home's, so that neither space
 * accounted for it correctly. Whatever the order, every node must stay in its parent's space and both spaces'
 * sizes must be the sums of their files.
 */
class MoveIntoTeamFolderRaceTest {
    private static final int ROUNDS = 20;
    private final TestServer ts = TestServer.get();

    @Test
    void aMoveIntoATeamFolderAndAMoveWithinTheHomeNeverBothSucceed() throws Exception {
        String user = ts.newUser("mvtf");
        String team = "Race target " + System.nanoTime() % 1_000_000;
        long teamSpace =
                ts.backend.teamFolders().create(AuditLog.ADMIN_CLI, team, -1).spaceId();
        ts.backend.teamFolders().grant(AuditLog.ADMIN_CLI, team, Subject.Type.USER, user, Role.EDITOR);
        ts.backend.files().mountsChanged();
        long home = ts.users().find(user).orElseThrow().principal().homeSpaceId();
        Dav d = ts.dav(user);
        if (d.mkcol("kept").statusCode() != 201) {
            throw new AssertionError("MKCOL kept");
        }
        long seed = System.nanoTime();
        System.out.println("MoveIntoTeamFolderRaceTest seed " + seed);
        Random rnd = new Random(seed);

        SoftAssertions soft = new SoftAssertions();
        List<String> outcomes = new ArrayList<>();
        try (Race race = new Race()) {
            for (int round = 0; round < ROUNDS; round++) {
                String src = "a" + round;
                String intoTeam = Dav.enc(team) + "/" + src;
                String inHome = "kept/" + src;
                SampleFolder folder = SampleFolder.create(d, src, rnd);
                boolean teamFirst = round % 2 == 0;
                Race.Outcome o = teamFirst
                        ? race.run(() -> d.move(src, intoTeam), () -> d.move(src, inHome))
                        : race.run(() -> d.move(src, inHome), () -> d.move(src, intoTeam));
                int toTeam = teamFirst ? o.a() : o.b();
                int toHome = teamFirst ? o.b() : o.a();
                outcomes.add("team " + toTeam + " home " + toHome);
                soft.assertThat(o.wins())
                        .as(
                                "round %d: MOVE into the team folder %d, MOVE within the home %d; at most"
                                        + " one may succeed",
                                round, toTeam, toHome)
                        .isLessThanOrEqualTo(1);
                soft.assertThat(o.wins())
                        .as(
                                "round %d: MOVE into the team folder %d, MOVE within the home %d; the"
                                        + " folder existed, so one succeeds",
                                round, toTeam, toHome)
                        .isGreaterThanOrEqualTo(1);
                soft.assertThat(toTeam)
                        .as("round %d: status of the MOVE into the team folder", round)
                        .isIn(201, 404, 409, 412);
                soft.assertThat(toHome)
                        .as("round %d: status of the MOVE within the home", round)
                        .isIn(201, 404, 409, 412);
                if (o.wins() == 1) {
                    String won = Race.Outcome.ok(toTeam) ? intoTeam : inHome;
                    String lost = Race.Outcome.ok(toTeam) ? inHome : intoTeam;
                    soft.assertThat(folder.differencesAt(d, won))
                            .as("round %d: the winner's destination %s", round, won)
                            .isEmpty();
                    soft.assertThat(d.propfind(lost, "0", null).statusCode())
                            .as("round %d: the loser's destination %s", round, lost)
                            .isEqualTo(404);
                }
            }
        }
        System.out.println("MoveIntoTeamFolderRaceTest outcomes: " + outcomes);
        soft.assertThat(TreeInvariants.check(ts, List.of(home, teamSpace)))
                .as("invariants after the races")
                .isEmpty();
        soft.assertAll();
    }
}
