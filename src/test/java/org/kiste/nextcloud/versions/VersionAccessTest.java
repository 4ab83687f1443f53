package org.kiste.nextcloud.versions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.DavLocks;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.OcsShares;
import org.kiste.testing.Spaces;
import org.kiste.testing.TestServer;
import org.kiste.testing.VersionsDav;

/**
 * Who sees and changes a file's versions: whoever may read the file lists and reads them (team folder members,
 * share recipients); restoring, naming and deleting need the write right, and a restore honours the file's locks.
 */
class VersionAccessTest {
    private final TestServer ts = TestServer.get();

    private static MultiStatus.Response oldest(VersionsDav v, long fileId) {
        var list = v.list(fileId);
        return list.get(list.size() - 1);
    }

    @Test
    void teamFolderMembersSeeAndRestoreEachOthersVersions() {
        String alice = ts.newUser("tv");
        String bob = ts.newUser("tv");
        String folder = new Spaces(ts).teamFolder(-1, alice, bob);
        Dav a = ts.dav(alice);
        Dav b = ts.dav(bob);
        String doc = Dav.enc(folder) + "/agenda.txt";
        assertThat(a.put(doc, "agenda 1").statusCode()).isEqualTo(201);
        long fileId = Dav.nodeId(a.head(doc));
        assertThat(a.put(doc, "agenda 2").statusCode()).isEqualTo(204);
        assertThat(b.put(doc, "agenda 3").statusCode()).isEqualTo(204);

        VersionsDav bv = new VersionsDav(b);
        var list = bv.list(fileId);
        assertThat(list).hasSize(2);
        assertThat(list.get(0).text(VersionsDav.NC + "version-author")).isEqualTo(alice);
        HttpResponse<String> r = bv.restore(oldest(bv, fileId));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(a.get(doc).body()).isEqualTo("agenda 1");
        assertThat(new VersionsDav(a).contents(fileId)).containsExactlyInAnyOrder("agenda 3", "agenda 2");
        // bob wrote "agenda 3"
        assertThat(new VersionsDav(a)
                        .list(fileId).stream()
                                .filter(v -> a.send("GET", ts.baseUrl + v.href(), null)
                                        .body()
                                        .equals("agenda 3"))
                                .findFirst()
                                .orElseThrow()
                                .text(VersionsDav.NC + "version-author"))
                .isEqualTo(bob);
    }

    @Test
    void aReadOnlyRecipientSeesVersionsButCannotChangeThem() {
        String alice = ts.newUser("sv");
        String bob = ts.newUser("sv");
        Dav a = ts.dav(alice).in("ro");
        a.put("terms.txt", "terms 1");
        a.put("terms.txt", "terms 2");
        long fileId = Dav.nodeId(a.head("terms.txt"));
        new OcsShares(a).create(Dav.decode(a.rel()) + "terms.txt", OcsShares.USER, bob, 1);
        Dav b = ts.dav(bob);
        assertThat(b.get("terms.txt").body()).isEqualTo("terms 2");

        VersionsDav bv = new VersionsDav(b);
        assertThat(bv.contents(fileId)).containsExactly("terms 1");
        MultiStatus.Response v = bv.list(fileId).get(0);
        assertThat(bv.restore(v).statusCode()).isEqualTo(403);
        assertThat(bv.label(v, "mine").statusCode()).isEqualTo(403);
        assertThat(b.send("DELETE", ts.baseUrl + v.href(), null).statusCode()).isEqualTo(403);
        assertThat(a.get("terms.txt").body()).isEqualTo("terms 2");
        assertThat(bv.contents(fileId)).containsExactly("terms 1");
        // the owner's URL is not the recipient's
        assertThat(b.send("PROPFIND", new VersionsDav(a).fileUrl(fileId), null, "Depth", "1")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aRecipientWithWriteRestoresButDeletesNoVersionAndALockKeepsEveryoneButItsHolderOut() {
        String alice = ts.newUser("wv");
        String bob = ts.newUser("wv");
        Dav a = ts.dav(alice).in("rw");
        a.put("budget.txt", "budget 1");
        a.put("budget.txt", "budget 2");
        long fileId = Dav.nodeId(a.head("budget.txt"));
        new OcsShares(a).create(Dav.decode(a.rel()) + "budget.txt", OcsShares.USER, bob, 3);
        Dav b = ts.dav(bob);
        VersionsDav bv = new VersionsDav(b);
        VersionsDav av = new VersionsDav(ts.dav(alice));

        String token = DavLocks.take(a, "budget.txt", "0");
        HttpResponse<String> locked = bv.restore(bv.list(fileId).get(0));
        assertThat(locked.statusCode()).as(locked.body()).isEqualTo(423);
        assertThat(av.restore(av.list(fileId).get(0)).statusCode())
                .as("the holder without the token")
                .isEqualTo(423);
        assertThat(a.get("budget.txt").body()).isEqualTo("budget 2");
        // naming or deleting a version is a change of the file: its lock keeps them out too
        assertThat(bv.label(bv.list(fileId).get(0), "locked out").statusCode()).isEqualTo(423);
        assertThat(av.label(av.list(fileId).get(0), "locked out").statusCode()).isEqualTo(423);
        assertThat(a.send("DELETE", ts.baseUrl + av.list(fileId).get(0).href(), null)
                        .statusCode())
                .isEqualTo(423);
        HttpResponse<String> withToken = av.restore(av.list(fileId).get(0), "If", DavLocks.ifToken(token));
        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(201);
        assertThat(a.get("budget.txt").body()).isEqualTo("budget 1");
        assertThat(DavLocks.discovered(a, "budget.txt"))
                .extracting(DavLocks.Active::token)
                .as("the lock stays")
                .containsExactly(token);
        assertThat(DavLocks.unlock(a, "budget.txt", "<" + token + ">").statusCode())
                .isEqualTo(204);

        HttpResponse<String> r = bv.restore(bv.list(fileId).get(0));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(a.get("budget.txt").body()).isEqualTo("budget 2");
        assertThat(bv.label(bv.list(fileId).get(0), "checked").statusCode()).isEqualTo(207);
        // deleting a version needs the right to delete the file, which this share does not give
        assertThat(b.send("DELETE", ts.baseUrl + bv.list(fileId).get(0).href(), null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(av.list(fileId)).hasSize(1);
        assertThat(a.send("DELETE", ts.baseUrl + av.list(fileId).get(0).href(), null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(av.list(fileId)).isEmpty();
    }
}
