package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kiste.testing.DavLocks.assertLockTokenSubmitted;
import static org.kiste.testing.DavLocks.ifToken;
import static org.kiste.testing.DavLocks.tagged;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.DavLocks;
import org.kiste.testing.TestServer;

/**
 * Every write honours locks (RFC 4918 §6, §7, §10.4): without the lock token it answers 423 with
 * {@code DAV:lock-token-submitted} and changes nothing; with the token, submitted by the lock's owner, it works.
 */
class LockEnforcementTest {
    private static final String MARK =
            "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\" xmlns:x=\"urn:lock-test\">"
                    + "<d:set><d:prop><x:mark>set</x:mark></d:prop></d:set></d:propertyupdate>";
    private static final TestServer s = TestServer.get();
    private static Dav me;

    @BeforeAll
    static void user() {
        me = s.dav(s.newUser("enforce"));
    }

    private static String path(Dav dav, String name) {
        return Dav.decode(dav.home()) + name;
    }

    @Test
    void everyWriteOnALockedFileWithoutTheTokenIs423() {
        Dav dav = me.in("matrix");
        dav.put("f.txt", "original");
        dav.put("other.txt", "other");
        dav.mkcol("dir");
        String token = DavLocks.take(dav, "f.txt", "0");
        String etag = dav.etag("f.txt");
        String lockRoot = path(dav, "f.txt");

        assertLockTokenSubmitted(dav.put("f.txt", "changed"), lockRoot);
        assertLockTokenSubmitted(dav.delete("f.txt"), lockRoot);
        assertLockTokenSubmitted(dav.move("f.txt", "moved.txt"), lockRoot);
        assertLockTokenSubmitted(dav.move("other.txt", "f.txt"), lockRoot);
        assertLockTokenSubmitted(dav.copy("other.txt", "f.txt"), lockRoot);
        assertLockTokenSubmitted(dav.proppatch("f.txt", MARK), lockRoot);

        assertThat(dav.get("f.txt").body()).isEqualTo("original");
        assertThat(dav.etag("f.txt")).isEqualTo(etag);
        assertThat(dav.get("moved.txt").statusCode()).isEqualTo(404);
        assertThat(dav.get("other.txt").body()).isEqualTo("other");
        assertThat(dav.props("f.txt", "0", "{urn:lock-test}mark").self().statusOf("{urn:lock-test}mark"))
                .isEqualTo(404);
        // reading is never locked
        assertThat(dav.get("f.txt").statusCode()).isEqualTo(200);
        assertThat(dav.copy("f.txt", "dir/copy.txt").statusCode()).isEqualTo(201);

        // with the token, in an untagged list for the Request-URI or a tagged one for the destination
        assertThat(dav.proppatch("f.txt", MARK, "If", ifToken(token)).statusCode())
                .isEqualTo(207);
        assertThat(dav.put("f.txt", "changed", "If", ifToken(token)).statusCode())
                .isEqualTo(204);
        assertThat(dav.copy("other.txt", "f.txt", "If", tagged(dav.url("f.txt"), token))
                        .statusCode())
                .isEqualTo(204);
        assertThat(dav.get("f.txt").body()).isEqualTo("other");
        // a file copied or moved over a file replaces its content only: the lock on the destination stays
        // (RFC 4918 §9.8.5, §9.9: the destination's lock covers what arrives there)
        assertThat(DavLocks.discovered(dav, "f.txt"))
                .extracting(DavLocks.Active::token)
                .containsExactly(token);
        assertThat(dav.put("f.txt", "no token").statusCode()).isEqualTo(423);
        assertThat(dav.move("other.txt", "f.txt", "If", tagged(dav.url("f.txt"), token))
                        .statusCode())
                .isEqualTo(204);
        assertThat(DavLocks.discovered(dav, "f.txt"))
                .extracting(DavLocks.Active::token)
                .containsExactly(token);
        assertThat(dav.get("other.txt").statusCode()).isEqualTo(404);
        String again = token;
        String third = token;
        assertThat(dav.move("f.txt", "moved.txt", "If", ifToken(third)).statusCode())
                .isEqualTo(201);
        // RFC 4918 §9.9.4: the lock does not move with the resource
        assertThat(DavLocks.discovered(dav, "moved.txt")).isEmpty();
        String fourth = DavLocks.take(dav, "moved.txt", "0");
        assertThat(dav.delete("moved.txt", "If", ifToken(fourth)).statusCode()).isEqualTo(204);
        assertThat(s.backend.locks().list(null))
                .extracting(org.kiste.model.DavLock::token)
                .doesNotContain(token, again, third, fourth);
    }

    @Test
    void aTokenForAnotherResourceDoesNotUnlock() {
        Dav dav = me.in("wrong-token");
        dav.put("f.txt", "original");
        dav.put("g.txt", "g");
        DavLocks.take(dav, "f.txt", "0");
        String gToken = DavLocks.take(dav, "g.txt", "0");
        // untagged: the list is evaluated against f.txt, which that token does not cover (RFC 4918 §10.4.1)
        assertThat(dav.put("f.txt", "x", "If", ifToken(gToken)).statusCode()).isEqualTo(412);
        // tagged for g.txt the If header holds, but the lock on f.txt is still not submitted
        assertLockTokenSubmitted(dav.put("f.txt", "x", "If", tagged(dav.url("g.txt"), gToken)), path(dav, "f.txt"));
        assertLockTokenSubmitted(dav.delete("f.txt", "If", tagged(dav.url("g.txt"), gToken)), path(dav, "f.txt"));
        assertThat(dav.get("f.txt").body()).isEqualTo("original");
    }

    @Test
    void aDeepFolderLockGuardsEveryMember() {
        Dav dav = me.in("deep");
        dav.mkcol("d");
        dav.put("d/f.txt", "x");
        dav.put("d/g.txt", "x");
        dav.put("outside.txt", "x");
        String token = DavLocks.take(dav, "d", null);
        String root = path(dav, "d");

        assertLockTokenSubmitted(dav.put("d/f.txt", "changed"), root);
        assertLockTokenSubmitted(dav.put("d/new.txt", "x"), root);
        assertLockTokenSubmitted(dav.mkcol("d/sub"), root);
        assertLockTokenSubmitted(dav.delete("d/f.txt"), root);
        assertLockTokenSubmitted(dav.move("d/g.txt", "g.txt"), root);
        assertLockTokenSubmitted(dav.move("outside.txt", "d/outside.txt"), root);
        assertLockTokenSubmitted(dav.copy("outside.txt", "d/copy.txt"), root);
        assertLockTokenSubmitted(dav.proppatch("d/f.txt", MARK), root);
        assertThat(dav.get("d/new.txt").statusCode()).isEqualTo(404);
        assertThat(dav.propfind("d/sub", "0", null).statusCode()).isEqualTo(404);
        assertThat(dav.get("g.txt").statusCode()).isEqualTo(404);

        String t = ifToken(token);
        assertThat(dav.put("d/f.txt", "changed", "If", t).statusCode()).isEqualTo(204);
        assertThat(dav.put("d/new.txt", "x", "If", t).statusCode()).isEqualTo(201);
        assertThat(dav.mkcol("d/sub").statusCode()).isEqualTo(423);
        assertThat(dav.send("MKCOL", dav.url("d/sub"), null, "If", t).statusCode())
                .isEqualTo(201);
        assertThat(dav.proppatch("d/f.txt", MARK, "If", t).statusCode()).isEqualTo(207);
        assertThat(dav.delete("d/f.txt", "If", t).statusCode()).isEqualTo(204);
        assertThat(dav.move("d/g.txt", "g.txt", "If", t).statusCode()).isEqualTo(201);
        assertThat(dav.move("outside.txt", "d/outside.txt", "If", tagged(dav.url("d"), token))
                        .statusCode())
                .isEqualTo(201);
        // the members created under the lock are covered by it too
        assertLockTokenSubmitted(dav.delete("d/new.txt"), root);
        assertThat(DavLocks.discovered(dav, "d/sub"))
                .extracting(DavLocks.Active::token)
                .containsExactly(token);
    }

    @Test
    void theDestinationsFolderLockGuardsMovesAndCopiesIntoIt() {
        Dav dav = me.in("dest-parent");
        dav.mkcol("locked");
        dav.put("a.txt", "a");
        String token = DavLocks.take(dav, "locked", "0");
        assertLockTokenSubmitted(dav.move("a.txt", "locked/a.txt"), path(dav, "locked"));
        assertLockTokenSubmitted(dav.copy("a.txt", "locked/a.txt"), path(dav, "locked"));
        assertThat(dav.get("a.txt").body()).isEqualTo("a");
        assertThat(dav.get("locked/a.txt").statusCode()).isEqualTo(404);
        assertThat(dav.copy("a.txt", "locked/b.txt", "If", tagged(dav.url("locked"), token))
                        .statusCode())
                .isEqualTo(201);
        assertThat(dav.move("a.txt", "locked/a.txt", "If", tagged(dav.url("locked"), token))
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void aLockedMemberGuardsItsFolder() {
        Dav dav = me.in("locked-member");
        dav.mkcol("d");
        dav.mkcol("d/sub");
        dav.put("d/sub/f.txt", "x");
        String token = DavLocks.take(dav, "d/sub/f.txt", "0");
        String root = path(dav, "d/sub/f.txt");
        assertLockTokenSubmitted(dav.delete("d"), root);
        assertLockTokenSubmitted(dav.move("d", "e"), root);
        dav.mkcol("target");
        assertLockTokenSubmitted(dav.copy("target", "d"), root);
        assertThat(dav.get("d/sub/f.txt").statusCode()).isEqualTo(200);
        assertThat(dav.propfind("e", "0", null).statusCode()).isEqualTo(404);

        // a list tagged with the member submits its token for the whole operation
        assertThat(dav.move("d", "e", "If", tagged(dav.url("d/sub/f.txt"), token))
                        .statusCode())
                .isEqualTo(201);
        assertThat(dav.get("e/sub/f.txt").statusCode()).isEqualTo(200);
        assertThat(DavLocks.discovered(dav, "e/sub/f.txt")).isEmpty();

        dav.mkcol("x");
        dav.put("x/f.txt", "x");
        String t2 = DavLocks.take(dav, "x/f.txt", "0");
        assertThat(dav.delete("x", "If", tagged(dav.url("x/f.txt"), t2)).statusCode())
                .isEqualTo(204);
        assertThat(dav.propfind("x", "0", null).statusCode()).isEqualTo(404);
        assertThat(s.backend.locks().list(null))
                .extracting(org.kiste.model.DavLock::token)
                .doesNotContain(t2);
    }

    /**
     * A lock taken by another principal in the same space (what sharing will produce): its token does not work
     * for anyone else, UNLOCK is 403 (RFC 4918 §9.11.1), and not even Win32 properties may be set without it.
     */
    @Test
    void aLockOfAnotherPrincipalCannotBeUsedButTheOwnerMayReleaseIt() {
        Dav dav = me.in("foreign");
        long nodeId = Dav.nodeId(dav.put("f.txt", "original"));
        String otherLogin = s.newUser("enforce-other");
        long other = s.users().find(otherLogin).orElseThrow().id();
        String token = "opaquelocktoken:" + java.util.UUID.randomUUID();
        s.backend.database().tx(c -> {
            try (var ps =
                    c.prepareStatement("INSERT INTO dav_lock (token, node_id, space_id, exclusive, deep, owner_xml,"
                            + " principal_id, timeout_s, expires_at) SELECT ?, id, space_id, 1, 0, NULL, ?, 600,"
                            + " NOW(3) + INTERVAL 600 SECOND FROM node WHERE id = ?")) {
                ps.setString(1, token);
                ps.setLong(2, other);
                ps.setLong(3, nodeId);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            return null;
        });
        assertThat(DavLocks.discovered(dav, "f.txt"))
                .extracting(DavLocks.Active::token)
                .containsExactly(token);

        assertLockTokenSubmitted(dav.put("f.txt", "mine"), path(dav, "f.txt"));
        assertLockTokenSubmitted(dav.put("f.txt", "mine", "If", ifToken(token)), path(dav, "f.txt"));
        assertLockTokenSubmitted(dav.delete("f.txt", "If", ifToken(token)), path(dav, "f.txt"));
        assertLockTokenSubmitted(
                dav.proppatch(
                        "f.txt",
                        "<?xml version=\"1.0\"?><D:propertyupdate xmlns:D=\"DAV:\""
                                + " xmlns:Z=\"urn:schemas-microsoft-com:\"><D:set><D:prop><Z:Win32FileAttributes>00000020"
                                + "</Z:Win32FileAttributes></D:prop></D:set></D:propertyupdate>"),
                path(dav, "f.txt"));
        assertThat(dav.get("f.txt").body()).isEqualTo("original");
        // the file's owner may release it, with the token lockdiscovery shows
        assertThat(DavLocks.unlock(dav, "f.txt", "<" + token + ">").statusCode())
                .isEqualTo(204);
        assertThat(DavLocks.discovered(dav, "f.txt")).isEmpty();
    }
}
