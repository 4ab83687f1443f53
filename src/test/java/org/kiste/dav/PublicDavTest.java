package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.kiste.model.Share;
import org.kiste.testing.Dav;
import org.kiste.testing.Links;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * WebDAV through public links over real HTTP: {@code /public.php/dav/files/{token}/} with no login, or Basic with
 * any user name and the link's password; the legacy {@code /public.php/webdav/} with the token as user name;
 * what each kind of link allows; the upload-only link that tells nothing about its folder; expiry and
 * revocation taking effect at once; writes counted against the owner's quota and changing the owner's etags.
 */
class PublicDavTest {
    private static final String CHALLENGE = "Basic realm=\"Kiste\", charset=\"UTF-8\"";
    private final TestServer ts = TestServer.get();
    private final Links links = new Links(ts);

    private String base(Share link) {
        return ts.baseUrl + "/public.php/dav/files/" + link.token() + "/";
    }

    private static String href(Share link) {
        return "/public.php/dav/files/" + link.token() + "/";
    }

    /** A visitor's client: Basic with "anonymous" and the password, or nothing when password is null. */
    private Dav visitor(String password) {
        return new Dav(ts.baseUrl, "anonymous", password);
    }

    @Test
    void passwordLinkTakesBasicWithAnyUserAndAllowsWhatReadWriteAllows() {
        String owner = ts.newUser("pdw");
        Dav dav = ts.dav(owner);
        dav.mkcol("Work");
        dav.put("Work/a.txt", "alpha");
        Share link = links.create(owner, "/Work", Links.READ_WRITE, "link-pass-1");
        String b = base(link);

        assertThat(visitor(null).send("OPTIONS", b, null).statusCode()).isEqualTo(200);
        HttpResponse<String> none = visitor(null).send("PROPFIND", b, null, "Depth", "1");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue(CHALLENGE);
        HttpResponse<String> wrong = visitor("not-it").send("PROPFIND", b, null, "Depth", "1");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue(CHALLENGE);

        Dav v = visitor("link-pass-1");
        MultiStatus ms = MultiStatus.parse(v.send("PROPFIND", b, null, "Depth", "1"));
        assertThat(ms.httpStatus).isEqualTo(207);
        assertThat(ms.hrefs()).containsExactlyInAnyOrder(href(link), href(link) + "a.txt");
        String perms = ms.responses.stream()
                .filter(r -> r.href().endsWith("a.txt"))
                .findFirst()
                .orElseThrow()
                .text("{http://owncloud.org/ns}permissions");
        assertThat(perms).doesNotContain("S", "M");
        // any user name will do
        assertThat(new Dav(ts.baseUrl, "someone", "link-pass-1")
                        .send("GET", b + "a.txt", null)
                        .body())
                .isEqualTo("alpha");

        String before = dav.etag("Work/");
        assertThat(v.send("PUT", b + "new.txt", "from the link").statusCode()).isEqualTo(201);
        assertThat(dav.get("Work/new.txt").body()).isEqualTo("from the link");
        assertThat(dav.etag("Work/")).isNotEqualTo(before);
        assertThat(v.send("PUT", b + "a.txt", "changed").statusCode()).isEqualTo(204);
        assertThat(dav.get("Work/a.txt").body()).isEqualTo("changed");
        assertThat(v.send("MKCOL", b + "sub", null).statusCode()).isEqualTo(201);
        assertThat(v.send("MOVE", b + "new.txt", null, "Destination", b + "sub/moved.txt")
                        .statusCode())
                .isEqualTo(201);
        assertThat(dav.get("Work/sub/moved.txt").body()).isEqualTo("from the link");
        assertThat(v.send("COPY", b + "sub/moved.txt", null, "Destination", b + "copy.txt")
                        .statusCode())
                .isEqualTo(201);
        assertThat(dav.get("Work/copy.txt").body()).isEqualTo("from the link");
        // nothing outside the link can be reached, not even as a destination
        assertThat(v.send(
                                "MOVE",
                                b + "copy.txt",
                                null,
                                "Destination",
                                ts.baseUrl + "/remote.php/dav/files/" + owner + "/stolen.txt")
                        .statusCode())
                .isEqualTo(403);
        assertThat(dav.get("stolen.txt").statusCode()).isEqualTo(404);
        assertThat(v.send("DELETE", b + "copy.txt", null).statusCode()).isEqualTo(204);
        assertThat(dav.get("Work/copy.txt").statusCode()).isEqualTo(404);
        // the link's own folder stays
        assertThat(v.send("DELETE", b, null).statusCode()).isEqualTo(403);

        // locking works as for users
        String lockBody =
                "<?xml version=\"1.0\"?><d:lockinfo xmlns:d=\"DAV:\"><d:lockscope><d:exclusive/></d:lockscope>"
                        + "<d:locktype><d:write/></d:locktype><d:owner>visitor</d:owner></d:lockinfo>";
        HttpResponse<String> lock = v.send("LOCK", b + "a.txt", lockBody, "Timeout", "Second-60");
        assertThat(lock.statusCode()).isEqualTo(200);
        String token = lock.headers().firstValue("Lock-Token").orElseThrow();
        assertThat(dav.put("Work/a.txt", "owner without token").statusCode()).isEqualTo(423);
        assertThat(v.send("UNLOCK", b + "a.txt", null, "Lock-Token", token).statusCode())
                .isEqualTo(204);
        assertThat(dav.put("Work/a.txt", "owner again").statusCode()).isEqualTo(204);
    }

    @Test
    void aLockTakenThroughOneLinkIsNotAnotherLinksNorTheOwners() {
        String owner = ts.newUser("pdl");
        Dav dav = ts.dav(owner);
        dav.mkcol("Both");
        dav.put("Both/a.txt", "alpha");
        String first = base(links.create(owner, "/Both", Links.READ_WRITE, null));
        String second = base(links.create(owner, "/Both", Links.READ_WRITE, null));
        Dav v = visitor(null);
        String lockBody =
                "<?xml version=\"1.0\"?><d:lockinfo xmlns:d=\"DAV:\"><d:lockscope><d:exclusive/></d:lockscope>"
                        + "<d:locktype><d:write/></d:locktype><d:owner>first visitor</d:owner></d:lockinfo>";
        HttpResponse<String> lock = v.send("LOCK", first + "a.txt", lockBody, "Timeout", "Second-60");
        assertThat(lock.statusCode()).isEqualTo(200);
        String token = lock.headers().firstValue("Lock-Token").orElseThrow();
        String ifHeader = "(" + token + ")";

        assertThat(v.send("PUT", second + "a.txt", "second link, with the token", "If", ifHeader)
                        .statusCode())
                .as("the token taken through another link")
                .isEqualTo(423);
        assertThat(dav.put("Both/a.txt", "owner, with the token", "If", ifHeader)
                        .statusCode())
                .as("the token in the owner's hands")
                .isEqualTo(423);
        assertThat(v.send("UNLOCK", second + "a.txt", null, "Lock-Token", token).statusCode())
                .as("released through another link")
                .isEqualTo(403);
        assertThat(v.send("PUT", first + "a.txt", "first link", "If", ifHeader).statusCode())
                .isEqualTo(204);
        assertThat(v.send("UNLOCK", first + "a.txt", null, "Lock-Token", token).statusCode())
                .isEqualTo(204);
        assertThat(dav.get("Both/a.txt").body()).isEqualTo("first link");
    }

    @Test
    void readOnlyLinkNeedsNoLoginAndRefusesWrites() {
        String owner = ts.newUser("pdr");
        Dav dav = ts.dav(owner);
        dav.mkcol("Pub");
        dav.put("Pub/r.txt", "read me");
        Share link = links.hideDownload(owner, links.create(owner, "/Pub", Links.READ, null));
        Dav v = visitor(null);
        String b = base(link);
        assertThat(MultiStatus.parse(v.send("PROPFIND", b, null, "Depth", "1")).hrefs())
                .containsExactlyInAnyOrder(href(link), href(link) + "r.txt");
        // hidden downloads hide the page's buttons only: WebDAV reads as the permissions allow (as in Nextcloud)
        assertThat(v.send("GET", b + "r.txt", null).body()).isEqualTo("read me");
        assertThat(v.send("HEAD", b + "r.txt", null).statusCode()).isEqualTo(200);
        assertThat(v.send("PUT", b + "w.txt", "no").statusCode()).isEqualTo(403);
        assertThat(v.send("PUT", b + "r.txt", "no").statusCode()).isEqualTo(403);
        assertThat(v.send("MKCOL", b + "d", null).statusCode()).isEqualTo(403);
        assertThat(v.send("DELETE", b + "r.txt", null).statusCode()).isEqualTo(403);
        assertThat(v.send("MOVE", b + "r.txt", null, "Destination", b + "s.txt").statusCode())
                .isEqualTo(403);
        assertThat(dav.get("Pub/r.txt").body()).isEqualTo("read me");
        assertThat(dav.get("Pub/w.txt").statusCode()).isEqualTo(404);
        // a token that is no link
        assertThat(v.send("PROPFIND", ts.baseUrl + "/public.php/dav/files/NoSuchLinkToken1/", null, "Depth", "0")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void fileLinkIsTheFileItself() {
        String owner = ts.newUser("pdf");
        Dav dav = ts.dav(owner);
        dav.put("single.txt", "just me");
        Share link = links.create(owner, "/single.txt", Links.READ, null);
        Dav v = visitor(null);
        MultiStatus ms = MultiStatus.parse(v.send("PROPFIND", base(link), null, "Depth", "0"));
        assertThat(ms.httpStatus).isEqualTo(207);
        assertThat(ms.responses).hasSize(1);
        assertThat(v.send("GET", base(link), null).body()).isEqualTo("just me");
        // a read-only link's file cannot be replaced, and no link's file can be deleted or moved away
        assertThat(v.send("PUT", base(link), "changed").statusCode()).isEqualTo(403);
        assertThat(v.send("DELETE", base(link), null).statusCode()).isEqualTo(403);
        assertThat(dav.get("single.txt").body()).isEqualTo("just me");

        // a link that may edit (a file share keeps read and update) replaces the content, keeping the file's id
        String id = dav.props("single.txt", "0", "{http://owncloud.org/ns}fileid")
                .self()
                .text("{http://owncloud.org/ns}fileid");
        Share editable = links.create(owner, "/single.txt", 3, null);
        HttpResponse<String> put = v.send("PUT", base(editable), "edited by a visitor");
        assertThat(put.statusCode()).isEqualTo(204);
        assertThat(dav.get("single.txt").body()).isEqualTo("edited by a visitor");
        assertThat(dav.props("single.txt", "0", "{http://owncloud.org/ns}fileid")
                        .self()
                        .text("{http://owncloud.org/ns}fileid"))
                .isEqualTo(id);
        assertThat(v.send("DELETE", base(editable), null).statusCode()).isEqualTo(403);
    }

    @Test
    void dropLinkAnswersTheSameWhetherANameExistsOrNot() {
        String owner = ts.newUser("pdd");
        Dav dav = ts.dav(owner);
        dav.mkcol("Drop");
        dav.mkcol("Drop/folder");
        dav.put("Drop/secret.txt", "owner's");
        Share link = links.create(owner, "/Drop", Links.DROP, "drop-pass-1");
        Dav v = visitor("drop-pass-1");
        String b = base(link);

        for (String depth : new String[] {"0", "1", "infinity"}) {
            HttpResponse<String> r = v.send("PROPFIND", b, null, "Depth", depth);
            MultiStatus ms = MultiStatus.parse(r);
            assertThat(ms.httpStatus).isEqualTo(207);
            assertThat(ms.hrefs()).containsExactly(href(link));
            assertThat(r.body()).doesNotContain("secret", "folder", "getcontentlength", "quota");
        }
        for (String method : new String[] {"GET", "HEAD", "DELETE", "PROPFIND", "MKCOL", "PROPPATCH", "LOCK"}) {
            HttpResponse<String> existing = v.send(method, b + "secret.txt", null);
            HttpResponse<String> missing = v.send(method, b + "nothing.txt", null);
            assertThat(existing.statusCode()).as(method).isEqualTo(403).isEqualTo(missing.statusCode());
            assertThat(existing.body()).isEqualTo(missing.body());
        }
        assertThat(v.send("MOVE", b + "secret.txt", null, "Destination", b + "mine.txt")
                        .statusCode())
                .isEqualTo(403);
        assertThat(v.send("COPY", b + "secret.txt", null, "Destination", b + "mine.txt")
                        .statusCode())
                .isEqualTo(403);

        HttpResponse<String> clash = v.send("PUT", b + "secret.txt", "visitor's");
        HttpResponse<String> fresh = v.send("PUT", b + "other.txt", "other");
        assertThat(clash.statusCode()).isEqualTo(201).isEqualTo(fresh.statusCode());
        assertThat(clash.headers().firstValue("Location")).isEmpty();
        assertThat(clash.headers().firstValue("ETag")).isEmpty();
        assertThat(v.send("PUT", b + "folder", "a file named like a folder").statusCode())
                .isEqualTo(201);
        // into sub-folders: refused the same whether they exist or not
        assertThat(v.send("PUT", b + "folder/x.txt", "x").statusCode())
                .isEqualTo(403)
                .isEqualTo(v.send("PUT", b + "nofolder/x.txt", "x").statusCode());
        assertThat(dav.get("Drop/secret.txt").body()).isEqualTo("owner's");
        assertThat(dav.get("Drop/secret%20(2).txt").body()).isEqualTo("visitor's");
        assertThat(dav.get("Drop/other.txt").body()).isEqualTo("other");
        assertThat(dav.get("Drop/folder%20(2)").body()).isEqualTo("a file named like a folder");
        assertThat(dav.get("Drop/folder/x.txt").statusCode()).isEqualTo(404);
        // without the password nothing is taken
        assertThat(visitor(null).send("PUT", b + "anon.txt", "x").statusCode()).isEqualTo(401);
    }

    @Test
    void legacyWebdavTakesTheTokenAsUserName() {
        String owner = ts.newUser("pdl");
        Dav dav = ts.dav(owner);
        dav.mkcol("Old");
        dav.put("Old/o.txt", "old style");
        Share link = links.create(owner, "/Old", Links.READ, "legacy-pass");
        String url = ts.baseUrl + "/public.php/webdav/";
        HttpResponse<String> ok =
                new Dav(ts.baseUrl, link.token(), "legacy-pass").send("PROPFIND", url, null, "Depth", "1");
        MultiStatus ms = MultiStatus.parse(ok);
        assertThat(ms.hrefs()).containsExactlyInAnyOrder("/public.php/webdav/", "/public.php/webdav/o.txt");
        assertThat(new Dav(ts.baseUrl, link.token(), "legacy-pass")
                        .send("GET", url + "o.txt", null)
                        .body())
                .isEqualTo("old style");
        HttpResponse<String> wrong = new Dav(ts.baseUrl, link.token(), "nope").send("GET", url + "o.txt", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue(CHALLENGE);
        assertThat(visitor(null).send("GET", url + "o.txt", null).statusCode()).isEqualTo(401);
        assertThat(new Dav(ts.baseUrl, "NoSuchLinkToken1", "x")
                        .send("GET", url + "o.txt", null)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void expiredAndRevokedLinksAnswer404AtOnce() {
        String owner = ts.newUser("pdx");
        Dav dav = ts.dav(owner);
        dav.mkcol("Brief");
        dav.put("Brief/b.txt", "brief");
        Share link = links.create(owner, "/Brief", Links.READ_WRITE, null);
        Dav v = visitor(null);
        assertThat(v.send("GET", base(link) + "b.txt", null).statusCode()).isEqualTo(200);
        links.expire(link);
        assertThat(v.send("GET", base(link) + "b.txt", null).statusCode()).isEqualTo(404);
        assertThat(v.send("PROPFIND", base(link), null, "Depth", "1").statusCode())
                .isEqualTo(404);
        assertThat(v.send("PUT", base(link) + "late.txt", "late").statusCode()).isEqualTo(404);
        assertThat(dav.get("Brief/late.txt").statusCode()).isEqualTo(404);
        links.extend(link);
        assertThat(v.send("GET", base(link) + "b.txt", null).statusCode()).isEqualTo(200);
        links.revoke(owner, link);
        assertThat(v.send("GET", base(link) + "b.txt", null).statusCode()).isEqualTo(404);
        assertThat(v.send("PROPFIND", base(link), null, "Depth", "0").statusCode())
                .isEqualTo(404);
        String basic =
                "Basic " + Base64.getEncoder().encodeToString((link.token() + ":").getBytes(StandardCharsets.UTF_8));
        assertThat(v.send("GET", ts.baseUrl + "/public.php/webdav/b.txt", null, "Authorization", basic)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void aLinkIntoATeamFolderWritesThereAndCountsAgainstItsQuota() {
        String manager = ts.newUser("pdm");
        String folder = "Team " + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        ts.backend.teamFolders().create(org.kiste.audit.AuditLog.ADMIN_CLI, folder, 1000);
        ts.backend
                .teamFolders()
                .grant(
                        org.kiste.audit.AuditLog.ADMIN_CLI,
                        folder,
                        org.kiste.model.Subject.Type.USER,
                        manager,
                        org.kiste.model.Role.MANAGER);
        Dav dav = ts.dav(manager);
        String enc = Dav.enc(folder);
        assertThat(dav.mkcol(enc + "/in").statusCode()).isEqualTo(201);
        String before = dav.etag(enc + "/");
        Share link = links.create(manager, "/" + folder + "/in", Links.READ_WRITE, null);
        Dav v = visitor(null);
        assertThat(v.send("PUT", base(link) + "ok.txt", "fits").statusCode()).isEqualTo(201);
        assertThat(dav.get(enc + "/in/ok.txt").body()).isEqualTo("fits");
        assertThat(dav.etag(enc + "/")).isNotEqualTo(before);
        assertThat(v.send("PUT", base(link) + "big.bin", "z".repeat(2000)).statusCode())
                .isEqualTo(507);
        assertThat(dav.get(enc + "/in/big.bin").statusCode()).isEqualTo(404);
    }

    @Test
    void writesCountAgainstTheOwnersQuota() throws InterruptedException {
        String owner = ts.newUser("pdq");
        Dav dav = ts.dav(owner);
        dav.mkcol("Q");
        ts.users().setQuota(owner, 1000);
        Thread.sleep(1100); // quota changes reach the files core within a second
        Share link = links.create(owner, "/Q", Links.READ_WRITE, null);
        Share drop = links.create(owner, "/Q", Links.DROP, null);
        Dav v = visitor(null);
        assertThat(v.send("PUT", base(link) + "big.bin", "z".repeat(5000)).statusCode())
                .isEqualTo(507);
        assertThat(v.send("PUT", base(drop) + "big.bin", "z".repeat(5000)).statusCode())
                .isEqualTo(507);
        assertThat(dav.get("Q/big.bin").statusCode()).isEqualTo(404);
        assertThat(v.send("PUT", base(link) + "small.bin", "z".repeat(500)).statusCode())
                .isEqualTo(201);
        assertThat(v.send("PUT", base(drop) + "small2.bin", "z".repeat(600)).statusCode())
                .isEqualTo(507);
        assertThat(dav.get("Q/small2.bin").statusCode()).isEqualTo(404);
    }
}
