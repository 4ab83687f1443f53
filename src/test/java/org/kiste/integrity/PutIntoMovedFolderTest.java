package org.kiste.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * A PUT finds its folder from the folders an earlier PUT into the same path walked to, held by id and checked to
 * still hang from each other under the same names. Whatever happened to that path since (the folder moved away and
 * another made at its place, deleted, an ancestor renamed), a PUT lands in the folder the path names now, or is
 * refused with 409 when there is none, never in the folder that used to be there. Racing a MOVE of its folder, each
 * PUT lands in exactly one folder, and the file is where its answer says.
 */
class PutIntoMovedFolderTest {
    private static final int ROUNDS = 12;
    private final TestServer ts = TestServer.get();

    @Test
    void aPutFollowsThePathAfterItsFolderMovedWasDeletedOrRenamed() {
        Dav d = ts.dav(ts.newUser("pmv"));
        assertThat(d.mkcol("a").statusCode()).isEqualTo(201);
        assertThat(d.mkcol("a/b").statusCode()).isEqualTo(201);
        assertThat(d.put("a/b/one.txt", "1").statusCode()).isEqualTo(201);

        // the folder moves away and another takes its place
        assertThat(d.move("a/b", "a/c").statusCode()).isEqualTo(201);
        assertThat(d.mkcol("a/b").statusCode()).isEqualTo(201);
        assertThat(d.put("a/b/two.txt", "2").statusCode()).isEqualTo(201);
        assertThat(names(d, "a/b/")).containsExactly("two.txt");
        assertThat(names(d, "a/c/")).containsExactly("one.txt");

        // deleted: nothing is at the path
        assertThat(d.delete("a/b").statusCode()).isEqualTo(204);
        assertThat(d.put("a/b/three.txt", "3").statusCode()).isEqualTo(409);
        assertThat(names(d, "a/c/")).containsExactly("one.txt");

        // an ancestor renamed: the old path is gone, the new one leads to the same folder
        assertThat(d.put("a/c/four.txt", "4").statusCode()).isEqualTo(201);
        assertThat(d.move("a", "z").statusCode()).isEqualTo(201);
        assertThat(d.put("a/c/five.txt", "5").statusCode()).isEqualTo(409);
        assertThat(d.put("z/c/six.txt", "6").statusCode()).isEqualTo(201);
        assertThat(names(d, "z/c/")).containsExactlyInAnyOrder("one.txt", "four.txt", "six.txt");

        // a file where the folder was
        assertThat(d.move("z/c", "z/d").statusCode()).isEqualTo(201);
        assertThat(d.put("z/c", "a file now").statusCode()).isEqualTo(201);
        assertThat(d.put("z/c/seven.txt", "7").statusCode()).isEqualTo(409);
        assertThat(d.get("z/c").body()).isEqualTo("a file now");
    }

    @Test
    void putsRacingAMoveOfTheirFolderLandWhereTheirAnswersSay() throws Exception {
        Dav d = ts.dav(ts.newUser("pmvr"));
        SoftAssertions soft = new SoftAssertions();
        List<String> outcomes = new ArrayList<>();
        try (Race race = new Race()) {
            for (int round = 0; round < ROUNDS; round++) {
                String from = "p" + round;
                String to = "q" + round;
                assertThat(d.mkcol(from).statusCode()).isEqualTo(201);
                assertThat(d.put(from + "/warm.txt", "w").statusCode()).isEqualTo(201); // the chain is known
                String file = from + "/f.txt";
                Race.Outcome o = round % 2 == 0
                        ? race.run(() -> d.put(file, "racing"), () -> d.move(from, to))
                        : race.run(() -> d.move(from, to), () -> d.put(file, "racing"));
                int put = round % 2 == 0 ? o.a() : o.b();
                int move = round % 2 == 0 ? o.b() : o.a();
                outcomes.add("PUT " + put + " MOVE " + move);
                soft.assertThat(move).as("round %d: MOVE", round).isEqualTo(201);
                soft.assertThat(put).as("round %d: PUT", round).isIn(201, 409);
                List<String> moved = names(d, to + "/");
                if (put == 201) {
                    // before the MOVE: it went along; after it, a new folder cannot exist at the old path
                    soft.assertThat(moved)
                            .as("round %d: the file moved with its folder", round)
                            .contains("f.txt");
                } else {
                    soft.assertThat(moved)
                            .as("round %d: a refused PUT stored nothing", round)
                            .doesNotContain("f.txt");
                }
                soft.assertThat(d.get(file).statusCode())
                        .as("round %d: nothing at the old path", round)
                        .isEqualTo(404);
            }
        }
        System.out.println("PutIntoMovedFolderTest outcomes " + outcomes);
        soft.assertAll();
    }

    private static List<String> names(Dav d, String folder) {
        List<String> out = new ArrayList<>();
        String self = null;
        for (String p : MultiStatus.parse(d.propfind(folder, "1", null)).paths()) {
            if (self == null) {
                self = p;
                continue;
            }
            String name = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            out.add(Dav.decode(name.substring(name.lastIndexOf('/') + 1)));
        }
        return out;
    }
}
