package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kiste.testing.DavLocks.assertLockTokenSubmitted;
import static org.kiste.testing.DavLocks.discovered;
import static org.kiste.testing.DavLocks.ifToken;
import static org.kiste.testing.DavLocks.lock;
import static org.kiste.testing.DavLocks.tokenOf;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.DavLocks;
import org.kiste.testing.DavLocks.Active;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;
import org.w3c.dom.Element;

/**
 * WebDAV class 2 (RFC 4918 §6, §9.10, §9.11): taking, sharing, refreshing, expiring and releasing write locks,
 * and what {@code lockdiscovery} and {@code supportedlock} report about them.
 */
class LockTest {
    private static final TestServer s = TestServer.get();
    private static Dav me;

    @BeforeAll
    static void user() {
        me = s.dav(s.newUser("lock"));
    }

    private static String path(Dav dav, String name) {
        return Dav.decode(dav.home()) + name;
    }

    @Test
    void aNewLockAnswersItsTokenAndLockdiscovery() {
        Dav dav = me.in("new");
        dav.put("f.txt", "x");
        HttpResponse<String> r =
                lock(dav, "f.txt", true, "0", "Second-600", "<D:href>mailto:alice@example.org</D:href>");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("xml");
        String token = tokenOf(r);
        assertThat(token).matches("opaquelocktoken:[0-9a-f-]{36}");

        List<Active> locks = DavLocks.fromLockAnswer(r.body());
        assertThat(locks).hasSize(1);
        Active a = locks.get(0);
        assertThat(a.scope()).isEqualTo("exclusive");
        assertThat(a.type()).isEqualTo("write");
        assertThat(a.depth()).isEqualTo("0");
        assertThat(a.seconds()).isBetween(598L, 600L);
        assertThat(a.token()).isEqualTo(token);
        assertThat(Dav.decode(a.lockRoot())).endsWith(path(dav, "f.txt"));
        assertThat(MultiStatus.children(a.owner(), "href"))
                .singleElement()
                .extracting(Element::getTextContent)
                .isEqualTo("mailto:alice@example.org");
    }

    @Test
    void lockdiscoveryReportsEveryFieldAndEchoesTheOwner() {
        Dav dav = me.in("discovery");
        dav.put("f.txt", "x");
        dav.put("g.txt", "x");
        String owner = "<D:href>mailto:alice@example.org</D:href><x:note xmlns:x=\"urn:x-owner\">a &amp; b</x:note>";
        String token = tokenOf(lock(dav, "f.txt", true, "0", "Second-600", owner));
        MultiStatus depth1 = dav.props("", "1", "lockdiscovery");
        MultiStatus depth0 = dav.props("f.txt", "0", "lockdiscovery");
        for (MultiStatus.Response r : List.of(depth1.at(path(dav, "f.txt")), depth0.self())) {
            List<Active> found = discovered(r);
            assertThat(found).hasSize(1);
            Active a = found.get(0);
            assertThat(a.scope()).isEqualTo("exclusive");
            assertThat(a.type()).isEqualTo("write");
            assertThat(a.depth()).isEqualTo("0");
            assertThat(a.seconds()).isBetween(590L, 600L);
            assertThat(a.token()).isEqualTo(token);
            assertThat(Dav.decode(a.lockRoot())).endsWith(path(dav, "f.txt"));
            assertThat(MultiStatus.children(a.owner(), "href"))
                    .extracting(Element::getTextContent)
                    .containsExactly("mailto:alice@example.org");
            Element note = (Element)
                    a.owner().getElementsByTagNameNS("urn:x-owner", "note").item(0);
            assertThat(note).as("owner element in its own namespace").isNotNull();
            assertThat(note.getTextContent()).isEqualTo("a & b");
        }
        assertThat(discovered(depth1.at(path(dav, "g.txt")))).isEmpty();
        assertThat(discovered(depth1.self())).isEmpty();
    }

    @Test
    void sharedLocksCoexistAndExclusiveOnesConflict() {
        Dav dav = me.in("scope");
        dav.put("shared.txt", "x");
        String first = DavLocks.takeShared(dav, "shared.txt", "0");
        String second = DavLocks.takeShared(dav, "shared.txt", "0");
        assertThat(second).isNotEqualTo(first);
        assertThat(discovered(dav, "shared.txt")).extracting(Active::token).containsExactlyInAnyOrder(first, second);
        assertThat(discovered(dav, "shared.txt")).extracting(Active::scope).containsOnly("shared");
        assertConflict(lock(dav, "shared.txt", true, "0", "Second-60", null), path(dav, "shared.txt"));

        dav.put("exclusive.txt", "x");
        String ex = DavLocks.take(dav, "exclusive.txt", "0");
        assertConflict(lock(dav, "exclusive.txt", false, "0", "Second-60", null), path(dav, "exclusive.txt"));
        // submitting the token does not make a second lock compatible
        assertConflict(
                lock(dav, "exclusive.txt", true, "0", "Second-60", null, "If", ifToken(ex)),
                path(dav, "exclusive.txt"));
        assertThat(discovered(dav, "exclusive.txt")).extracting(Active::token).containsExactly(ex);

        // a deep lock on a folder conflicts with an exclusive lock below it, and the other way round
        dav.mkcol("d");
        dav.put("d/in.txt", "x");
        String inner = DavLocks.take(dav, "d/in.txt", "0");
        assertConflict(lock(dav, "d", false, "infinity", "Second-60", null), path(dav, "d/in.txt"));
        assertThat(DavLocks.unlock(dav, "d/in.txt", "<" + inner + ">").statusCode())
                .isEqualTo(204);
        DavLocks.take(dav, "d", "infinity");
        assertConflict(lock(dav, "d/in.txt", true, "0", "Second-60", null), path(dav, "d"));
    }

    /** RFC 4918 §9.10.6: a conflicting lock is 423 with {@code no-conflicting-lock} naming the lock root. */
    private static void assertConflict(HttpResponse<String> r, String lockRoot) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(423);
        Element c = DavLocks.condition(r.body(), "no-conflicting-lock");
        assertThat(MultiStatus.children(c, "href"))
                .extracting(e -> Dav.decode(e.getTextContent()).replaceFirst("/$", ""))
                .containsExactly(lockRoot);
    }

    @Test
    void depthZeroCoversTheFolderAndItsMembershipButNotTheMembers() {
        Dav dav = me.in("depth0");
        dav.mkcol("d");
        dav.put("d/c.txt", "old");
        HttpResponse<String> r = lock(dav, "d", true, "0", "Second-600", null);
        assertThat(r.statusCode()).isEqualTo(200);
        String token = tokenOf(r);
        assertThat(DavLocks.fromLockAnswer(r.body()).get(0).depth()).isEqualTo("0");
        MultiStatus ms = dav.props("d", "1", "lockdiscovery");
        assertThat(discovered(ms.at(path(dav, "d")))).extracting(Active::token).containsExactly(token);
        assertThat(discovered(ms.at(path(dav, "d/c.txt")))).isEmpty();
        // a member's content is not covered ...
        assertThat(dav.put("d/c.txt", "new").statusCode()).isEqualTo(204);
        // ... but adding or removing members changes the locked folder (RFC 4918 §7.4)
        assertLockTokenSubmitted(dav.put("d/new.txt", "x"), path(dav, "d"));
        assertLockTokenSubmitted(dav.mkcol("d/sub"), path(dav, "d"));
        assertLockTokenSubmitted(dav.delete("d/c.txt"), path(dav, "d"));
        assertThat(dav.put("d/new.txt", "x", "If", DavLocks.tagged(dav.url("d"), token))
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void withoutADepthHeaderALockIsDeepAndCoversEveryMember() {
        Dav dav = me.in("depthinf");
        dav.mkcol("d");
        dav.mkcol("d/sub");
        dav.put("d/sub/c.txt", "x");
        HttpResponse<String> r = lock(dav, "d", false, null, "Second-600", "someone");
        assertThat(r.statusCode()).isEqualTo(200);
        String token = tokenOf(r);
        assertThat(DavLocks.fromLockAnswer(r.body()).get(0).depth()).isEqualTo("infinity");
        for (String member : new String[] {"d", "d/sub", "d/sub/c.txt"}) {
            List<Active> found = discovered(dav, member);
            assertThat(found).as(member).extracting(Active::token).containsExactly(token);
            assertThat(found.get(0).depth()).isEqualTo("infinity");
            assertThat(Dav.decode(found.get(0).lockRoot())).as(member).endsWith(path(dav, "d/"));
            assertThat(found.get(0).owner().getTextContent()).isEqualTo("someone");
        }
        assertLockTokenSubmitted(dav.put("d/sub/c.txt", "y"), path(dav, "d"));
        assertThat(dav.put("d/sub/c.txt", "y", "If", ifToken(token)).statusCode())
                .isEqualTo(204);
    }

    @Test
    void aRefreshRenewsTheTimeoutOfTheSameLock() {
        Dav dav = me.in("refresh");
        dav.put("f.txt", "x");
        String token = tokenOf(lock(dav, "f.txt", true, "0", "Second-100", null));
        HttpResponse<String> r = DavLocks.refresh(dav, "f.txt", token, "Second-1000");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<Active> refreshed = DavLocks.fromLockAnswer(r.body());
        assertThat(refreshed).extracting(Active::token).containsExactly(token);
        assertThat(refreshed.get(0).seconds()).isBetween(998L, 1000L);
        assertThat(discovered(dav, "f.txt").get(0).seconds()).isBetween(990L, 1000L);
        // a refresh without a Timeout header keeps the lock alive too
        assertThat(DavLocks.refresh(dav, "f.txt", token, null).statusCode()).isEqualTo(200);

        // a token that does not cover the resource: the If header fails (RFC 4918 §10.4)
        assertThat(DavLocks.refresh(dav, "f.txt", "opaquelocktoken:00000000-0000-0000-0000-000000000000", null)
                        .statusCode())
                .isEqualTo(412);
        // no body and no token: nothing to refresh
        assertThat(dav.send("LOCK", dav.url("f.txt"), null).statusCode()).isEqualTo(400);
        assertThat(discovered(dav, "f.txt")).extracting(Active::token).containsExactly(token);
    }

    @Test
    void aShortLockIsGrantedAndExpiresOnTime() throws InterruptedException {
        Dav dav = me.in("expiry");
        dav.put("f.txt", "x");
        long start = System.nanoTime();
        HttpResponse<String> r = lock(dav, "f.txt", true, "0", "Second-2", null);
        long granted = DavLocks.fromLockAnswer(r.body()).get(0).seconds();
        assertThat(granted).isBetween(2L, s.backend.config().lockMaxTimeoutSeconds());
        assertThat(granted).as("the test waits for the lock to run out").isLessThanOrEqualTo(3);
        assertLockTokenSubmitted(dav.put("f.txt", "locked"), path(dav, "f.txt"));

        long waitMs = (granted + 1) * 1000 - (System.nanoTime() - start) / 1_000_000;
        if (waitMs > 0) {
            Thread.sleep(waitMs);
        }
        assertThat(discovered(dav, "f.txt")).isEmpty();
        assertThat(dav.put("f.txt", "free again").statusCode()).isEqualTo(204);
        assertThat(DavLocks.refresh(dav, "f.txt", tokenOf(r), null).statusCode())
                .isEqualTo(412);
    }

    @Test
    void infiniteAndOversizedTimeoutsGetTheConfiguredCap() {
        Dav dav = me.in("cap");
        long cap = s.backend.config().lockMaxTimeoutSeconds();
        String[] asked = {"Infinite", "Infinite, Second-4100000000", "Second-99999999999", "Second-x, Infinite"};
        for (int i = 0; i < asked.length; i++) {
            dav.put(i + ".txt", "x");
            HttpResponse<String> r = lock(dav, i + ".txt", true, "0", asked[i], null);
            assertThat(r.statusCode()).as(asked[i]).isEqualTo(200);
            assertThat(DavLocks.fromLockAnswer(r.body()).get(0).seconds())
                    .as(asked[i])
                    .isBetween(cap - 2, cap);
        }
    }

    @Test
    void lockingAnUnmappedUrlCreatesAnEmptyFile() {
        Dav dav = me.in("unmapped");
        HttpResponse<String> r = lock(dav, "new.txt", true, "0", "Second-600", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String token = tokenOf(r);
        HttpResponse<String> get = dav.get("new.txt");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEmpty();
        MultiStatus.Response p = dav.props("new.txt", "0", "getcontentlength", "resourcetype", "lockdiscovery")
                .self();
        assertThat(p.text("getcontentlength")).isEqualTo("0");
        assertThat(p.prop(MultiStatus.clark("resourcetype"))
                        .orElseThrow()
                        .getChildNodes()
                        .getLength())
                .isZero();
        assertThat(discovered(p)).extracting(Active::token).containsExactly(token);

        assertLockTokenSubmitted(dav.put("new.txt", "someone else"), path(dav, "new.txt"));
        assertThat(dav.put("new.txt", "content", "If", ifToken(token)).statusCode())
                .isEqualTo(204);
        assertThat(dav.get("new.txt").body()).isEqualTo("content");

        // RFC 4918 §9.10.4 via §9.7.1: no parent folder, no resource
        assertThat(lock(dav, "missing/new.txt", true, "0", "Second-60", null).statusCode())
                .isEqualTo(409);
    }

    @Test
    void aConflictingLockOnAnUnmappedUrlCreatesNothing() {
        Dav dav = me.in("unmapped-conflict");
        dav.mkcol("d");
        String token = DavLocks.take(dav, "d", "infinity");
        // the token lets its owner create members, but no second lock fits under an exclusive one (RFC 4918 §9.10.6)
        assertConflict(lock(dav, "d/new.txt", true, "0", "Second-60", null, "If", ifToken(token)), path(dav, "d"));
        assertConflict(lock(dav, "d/new.txt", false, "0", "Second-60", null, "If", ifToken(token)), path(dav, "d"));
        assertThat(dav.propfind("d/new.txt", "0", null).statusCode()).isEqualTo(404);
        assertConflict(lock(dav, "d/new.txt", false, "0", "Second-60", null), path(dav, "d"));
        assertThat(dav.propfind("d/new.txt", "0", null).statusCode()).isEqualTo(404);
        // a shared lock under a shared one is fine
        dav.mkcol("s");
        String shared = DavLocks.takeShared(dav, "s", "infinity");
        HttpResponse<String> r = lock(dav, "s/new.txt", false, "0", "Second-60", null, "If", ifToken(shared));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(discovered(dav, "s/new.txt"))
                .extracting(Active::token)
                .containsExactlyInAnyOrder(shared, tokenOf(r));
        // without the token a member cannot be created, so neither can its lock
        assertLockTokenSubmitted(lock(dav, "s/other.txt", false, "0", "Second-60", null), path(dav, "s"));
        assertThat(dav.propfind("s/other.txt", "0", null).statusCode()).isEqualTo(404);
    }

    @Test
    void supportedlockOffersExclusiveAndSharedWriteLocks() {
        Dav dav = me.in("supported");
        dav.put("f.txt", "x");
        MultiStatus ms = dav.props("", "1", "supportedlock");
        for (MultiStatus.Response r : ms.responses) {
            Element sl = r.prop(MultiStatus.clark("supportedlock")).orElseThrow(() -> new AssertionError(r.href()));
            List<String> entries = MultiStatus.children(sl, "lockentry").stream()
                    .map(e -> {
                        Element scope = MultiStatus.children(e, "lockscope").get(0);
                        Element type = MultiStatus.children(e, "locktype").get(0);
                        return firstChild(scope) + "/" + firstChild(type);
                    })
                    .toList();
            assertThat(entries).as(r.href()).containsExactlyInAnyOrder("exclusive/write", "shared/write");
        }
    }

    private static String firstChild(Element e) {
        for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && MultiStatus.DAV.equals(c.getNamespaceURI())) {
                return c.getLocalName();
            }
        }
        return null;
    }

    @Test
    void unlockTakesTheTokenWithOrWithoutAngleBrackets() {
        Dav dav = me.in("unlock");
        dav.put("a.txt", "x");
        dav.put("b.txt", "x");
        String a = DavLocks.take(dav, "a.txt", "0");
        String b = DavLocks.take(dav, "b.txt", "0");
        assertThat(DavLocks.unlock(dav, "a.txt", "<" + a + ">").statusCode()).isEqualTo(204);
        assertThat(DavLocks.unlock(dav, "b.txt", b).statusCode()).isEqualTo(204);
        assertThat(discovered(dav, "a.txt")).isEmpty();
        assertThat(discovered(dav, "b.txt")).isEmpty();
        assertThat(dav.put("a.txt", "unlocked").statusCode()).isEqualTo(204);

        // RFC 4918 §9.11.1: a token that does not name a lock on the resource is 409
        HttpResponse<String> gone = DavLocks.unlock(dav, "a.txt", "<" + a + ">");
        assertThat(gone.statusCode()).isEqualTo(409);
        DavLocks.condition(gone.body(), "lock-token-matches-request-uri");
        String c = DavLocks.take(dav, "b.txt", "0");
        assertThat(DavLocks.unlock(dav, "a.txt", "<" + c + ">").statusCode()).isEqualTo(409);
        assertThat(DavLocks.unlock(dav, "missing.txt", "<" + c + ">").statusCode())
                .isEqualTo(404);
        assertThat(dav.send("UNLOCK", dav.url("b.txt"), null).statusCode()).isEqualTo(400);
        assertThat(discovered(dav, "b.txt")).extracting(Active::token).containsExactly(c);
    }

    @Test
    void aDeepLockCanBeReleasedThroughAnyMember() {
        Dav dav = me.in("unlock-member");
        dav.mkcol("d");
        dav.put("d/f.txt", "x");
        String token = DavLocks.take(dav, "d", "infinity");
        // RFC 4918 §9.11: the Request-URI must be within the scope of the lock
        assertThat(DavLocks.unlock(dav, "d/f.txt", "<" + token + ">").statusCode())
                .isEqualTo(204);
        assertThat(discovered(dav, "d")).isEmpty();
    }

    @Test
    void locksLiveInTheDatabase() {
        Dav dav = me.in("persist");
        dav.put("f.txt", "x");
        long nodeId = Dav.nodeId(dav.put("f.txt", "y"));
        String token =
                tokenOf(lock(dav, "f.txt", false, "infinity", "Second-900", "<D:href>http://example.org/o</D:href>"));
        long userId = s.users().find(me.login).orElseThrow().id();

        String row = s.backend.database().read(c -> {
            try (var ps = c.prepareStatement("SELECT node_id, principal_id, exclusive, deep, timeout_s, owner_xml,"
                    + " expires_at > NOW(3) FROM dav_lock WHERE token = ?")) {
                ps.setString(1, token);
                try (var rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("dav_lock row for " + token).isTrue();
                    return rs.getLong(1) + " " + rs.getLong(2) + " " + rs.getInt(3) + " " + rs.getInt(4) + " "
                            + rs.getLong(5) + " " + rs.getString(6).contains("http://example.org/o") + " "
                            + rs.getBoolean(7);
                }
            }
        });
        assertThat(row).isEqualTo(nodeId + " " + userId + " 0 1 900 true true");
        assertThat(s.backend.locks().list(null)).anySatisfy(l -> {
            assertThat(l.token()).isEqualTo(token);
            assertThat(l.nodeId()).isEqualTo(nodeId);
        });
        assertThat(s.backend.locks().list(userId))
                .extracting(org.kiste.model.DavLock::token)
                .contains(token);
        assertThat(s.backend
                        .locks()
                        .pathOf(s.backend.locks().list(userId).stream()
                                .filter(l -> l.token().equals(token))
                                .findFirst()
                                .orElseThrow()))
                .endsWith("/persist/f.txt");
    }
}
