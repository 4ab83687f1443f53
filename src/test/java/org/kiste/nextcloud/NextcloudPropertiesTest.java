package org.kiste.nextcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/** What the Nextcloud desktop, mobile apps and rclone read from PROPFIND, and the headers they rely on. */
class NextcloudPropertiesTest {
    private static final String OC = "{http://owncloud.org/ns}";
    private static final String NC = "{http://nextcloud.org/ns}";
    private static final String[] DESKTOP = {
        "resourcetype",
        "getlastmodified",
        "getcontentlength",
        "getetag",
        OC + "size",
        OC + "id",
        OC + "fileid",
        OC + "downloadURL",
        OC + "dDC",
        OC + "permissions",
        OC + "checksums",
        OC + "data-fingerprint",
        OC + "share-types"
    };
    private static final String[] MOBILE = {
        "displayname",
        "getcontenttype",
        OC + "favorite",
        NC + "mount-type",
        OC + "owner-id",
        OC + "owner-display-name",
        NC + "has-preview",
        NC + "is-encrypted",
        "{http://open-collaboration-services.org/ns}share-permissions",
        NC + "rich-workspace"
    };

    private static final TestServer s = TestServer.get();
    private static Dav me;

    @BeforeAll
    static void user() {
        me = s.dav(s.newUser("ncp"));
    }

    private static String sha1(String content) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-1").digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everyEntryCarriesIdsPermissionsAndSizesInNextcloudsFormat() throws Exception {
        Dav dav = me.in("props");
        dav.mkcol("sub");
        HttpResponse<String> put = dav.put("sub/a.txt", "hello");
        dav.put("b.txt", "");
        HttpResponse<String> r = dav.propfind("", "1", MultiStatus.propBody(concat(DESKTOP, MOBILE)));
        assertThat(r.statusCode()).isEqualTo(207);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/xml; charset=utf-8");
        MultiStatus ms = MultiStatus.parse(r);
        assertThat(ms.responses.get(0).path()).isEqualTo(Dav.decode(dav.home()));

        MultiStatus.Response folder = ms.at(dav.home() + "sub/");
        assertThat(folder.text(OC + "permissions")).isEqualTo("RGDNVCK");
        assertThat(folder.text(OC + "size")).isEqualTo("5");
        assertThat(folder.text(OC + "id")).matches("\\d{8,}oc[a-z0-9]{10}");
        assertThat(folder.text(OC + "id"))
                .startsWith(String.format("%08d", Long.parseLong(folder.text(OC + "fileid"))));
        assertThat(folder.statusOf("getcontentlength")).isEqualTo(404);
        assertThat(folder.statusOf(OC + "downloadURL")).isEqualTo(404);
        assertThat(folder.statusOf(OC + "checksums")).isEqualTo(404);
        assertThat(folder.text(NC + "is-encrypted")).isEqualTo("0");
        assertThat(folder.text("{http://open-collaboration-services.org/ns}share-permissions"))
                .isEqualTo("31");
        // the 200 propstat comes first (rclone reads only the first status)
        assertThat(folder.propstats().get(0).status()).isEqualTo(200);

        MultiStatus.Response file = ms.at(dav.home() + "b.txt");
        assertThat(file.text(OC + "permissions")).isEqualTo("RGDNVW");
        assertThat(file.text(OC + "size")).isEqualTo("0");
        assertThat(file.text(OC + "checksums"))
                .isEqualTo("SHA1:da39a3ee5e6b4b0d3255bfef95601890afd80709 MD5:d41d8cd98f00b204e9800998ecf8427e");
        assertThat(file.text(OC + "owner-id")).isEqualTo(me.login);
        assertThat(file.text(OC + "favorite")).isEqualTo("0");
        assertThat(file.text(NC + "has-preview")).isEqualTo("false");
        assertThat(file.prop(MultiStatus.clark(NC + "mount-type"))).isPresent();
        assertThat(file.text(NC + "mount-type")).isEmpty();
        assertThat(file.prop(MultiStatus.clark(OC + "share-types"))).isPresent();
        assertThat(file.text("{http://open-collaboration-services.org/ns}share-permissions"))
                .isEqualTo("19");
        assertThat(file.statusOf(NC + "rich-workspace")).isEqualTo(404);
        // data-fingerprint is a property of the root only
        assertThat(file.statusOf(OC + "data-fingerprint")).isEqualTo(404);
        MultiStatus root = me.props("", "0", OC + "data-fingerprint");
        assertThat(root.self().statusOf(OC + "data-fingerprint")).isEqualTo(200);

        MultiStatus a = dav.props("sub/a.txt", "1", OC + "checksums", OC + "id");
        assertThat(a.responses).hasSize(1); // Depth 1 on a file answers the file alone (rclone stats that way)
        // MD5 is computed only for content uploaded with an MD5 to check
        assertThat(a.self().text(OC + "checksums")).isEqualTo("SHA1:" + sha1("hello"));
        assertThat(a.self().text(OC + "id"))
                .isEqualTo(put.headers().firstValue("OC-FileId").orElseThrow());
    }

    @Test
    void idsSurviveMoveAndCopyMakesNewOnes() {
        Dav dav = me.in("ids");
        dav.mkcol("d");
        String fileId =
                dav.put("d/f.txt", "x").headers().firstValue("OC-FileId").orElseThrow();
        String folderId = dav.props("d", "0", OC + "id").self().text(OC + "id");
        HttpResponse<String> mv = dav.move("d", "e");
        assertThat(mv.statusCode()).isEqualTo(201);
        assertThat(mv.headers().firstValue("OC-FileId")).contains(folderId);
        assertThat(dav.props("e", "0", OC + "id").self().text(OC + "id")).isEqualTo(folderId);
        assertThat(dav.props("e/f.txt", "0", OC + "id").self().text(OC + "id")).isEqualTo(fileId);
        HttpResponse<String> cp = dav.copy("e/f.txt", "e/g.txt");
        assertThat(cp.statusCode()).isEqualTo(201);
        assertThat(cp.headers().firstValue("OC-FileId")).isPresent().isNotEqualTo(java.util.Optional.of(fileId));
    }

    @Test
    void mtimeFromTheClientIsAcceptedOnPutMoveAndCopy() {
        Dav dav = me.in("mtime");
        HttpResponse<String> put = dav.put("f.txt", "x", "X-OC-Mtime", "1700000000");
        assertThat(put.headers().firstValue("X-OC-MTime")).contains("accepted");
        assertThat(put.headers().firstValue("ETag")).isPresent();
        assertThat(put.headers().firstValue("OC-ETag")).isEqualTo(put.headers().firstValue("ETag"));
        assertThat(dav.props("f.txt", "0", "getlastmodified").self().text("getlastmodified"))
                .isEqualTo("Tue, 14 Nov 2023 22:13:20 GMT");
        HttpResponse<String> mv = dav.move("f.txt", "g.txt", "X-OC-Mtime", "1600000000.75");
        assertThat(mv.statusCode()).isEqualTo(201);
        assertThat(mv.headers().firstValue("X-OC-MTime")).contains("accepted");
        assertThat(dav.props("g.txt", "0", "getlastmodified").self().text("getlastmodified"))
                .isEqualTo("Sun, 13 Sep 2020 12:26:40 GMT");
        HttpResponse<String> cp = dav.copy("g.txt", "h.txt", "X-OC-Mtime", "1500000000");
        assertThat(cp.headers().firstValue("X-OC-MTime")).contains("accepted");
        assertThat(dav.props("h.txt", "0", "getlastmodified").self().text("getlastmodified"))
                .isEqualTo("Fri, 14 Jul 2017 02:40:00 GMT");
        assertThat(dav.put("bad.txt", "x", "X-OC-Mtime", "yesterday").statusCode())
                .isEqualTo(400);
        assertThat(dav.get("bad.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void announcedChecksumsAreVerifiedAndReturned() throws Exception {
        Dav dav = me.in("sums");
        HttpResponse<String> ok = dav.put("f.txt", "content", "OC-Checksum", "SHA1:" + sha1("content"));
        assertThat(ok.statusCode()).isEqualTo(201);
        HttpResponse<String> bad = dav.put("f.txt", "changed", "OC-Checksum", "SHA1:" + sha1("something else"));
        assertThat(bad.statusCode()).isEqualTo(400);
        HttpResponse<String> get = dav.get("f.txt");
        assertThat(get.body()).isEqualTo("content");
        assertThat(get.headers().firstValue("OC-Checksum")).contains("SHA1:" + sha1("content"));
        // MD5 and SHA256 are verified too; types Kiste cannot compute are ignored
        assertThat(dav.put("m.txt", "abc", "OC-Checksum", "MD5:900150983cd24fb0d6963f7d28e17f72")
                        .statusCode())
                .isEqualTo(201);
        assertThat(dav.props("m.txt", "0", OC + "checksums").self().text(OC + "checksums"))
                .isEqualTo("SHA1:" + sha1("abc") + " MD5:900150983cd24fb0d6963f7d28e17f72");
        assertThat(dav.props("f.txt", "0", OC + "checksums").self().text(OC + "checksums"))
                .isEqualTo("SHA1:" + sha1("content"));
        // the same bytes again with an MD5 to check: the stored content's MD5 is listed from then on
        assertThat(dav.put("g.txt", "content", "OC-Checksum", "MD5:9a0364b9e99bb480dd25e1f0284c8555")
                        .statusCode())
                .isEqualTo(201);
        assertThat(dav.props("f.txt", "0", OC + "checksums").self().text(OC + "checksums"))
                .isEqualTo("SHA1:" + sha1("content") + " MD5:9a0364b9e99bb480dd25e1f0284c8555");
        assertThat(dav.put("m.txt", "abd", "OC-Checksum", "MD5:900150983cd24fb0d6963f7d28e17f72")
                        .statusCode())
                .isEqualTo(400);
        assertThat(dav.put("a.txt", "abc", "OC-Checksum", "ADLER32:024d0127").statusCode())
                .isEqualTo(201);
        assertThat(dav.put("z.txt", "", "OC-Checksum", "SHA1:" + sha1("")).statusCode())
                .isEqualTo(201);
        assertThat(dav.put("y.txt", "abc", "OC-Checksum", "SHA1:nothex").statusCode())
                .isEqualTo(400);
    }

    @Test
    void favouritesAreTheUsersOwnAndListedByReport() {
        Dav dav = me.in("favs");
        dav.mkcol("deep");
        dav.mkcol("deep/er");
        dav.put("deep/er/star.txt", "x");
        dav.put("plain.txt", "x");
        String set = "<d:propertyupdate xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\"><d:set><d:prop>"
                + "<oc:favorite>1</oc:favorite></d:prop></d:set></d:propertyupdate>";
        assertThat(dav.proppatch("deep/er/star.txt", set).statusCode()).isEqualTo(207);
        assertThat(dav.proppatch("deep", set).statusCode()).isEqualTo(207);
        assertThat(dav.props("deep/er/star.txt", "0", OC + "favorite").self().text(OC + "favorite"))
                .isEqualTo("1");

        String report = "<oc:filter-files xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\"><d:prop><d:getetag/>"
                + "<oc:fileid/><oc:favorite/></d:prop><oc:filter-rules><oc:favorite>1</oc:favorite></oc:filter-rules>"
                + "</oc:filter-files>";
        HttpResponse<String> r = dav.send("REPORT", dav.url(""), report, "Content-Type", "text/xml");
        assertThat(r.statusCode()).isEqualTo(207);
        MultiStatus ms = MultiStatus.parse(r);
        assertThat(ms.paths())
                .containsExactly(Dav.decode(dav.home()) + "deep/", Dav.decode(dav.home()) + "deep/er/star.txt");
        assertThat(ms.at(dav.home() + "deep/er/star.txt").text(OC + "favorite")).isEqualTo("1");

        // the mark follows a move and is removed by remove
        dav.move("deep/er/star.txt", "moved.txt");
        assertThat(dav.props("moved.txt", "0", OC + "favorite").self().text(OC + "favorite"))
                .isEqualTo("1");
        String remove = "<d:propertyupdate xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\"><d:remove><d:prop>"
                + "<oc:favorite/></d:prop></d:remove></d:propertyupdate>";
        assertThat(dav.proppatch("moved.txt", remove).statusCode()).isEqualTo(207);
        assertThat(dav.props("moved.txt", "0", OC + "favorite").self().text(OC + "favorite"))
                .isEqualTo("0");
        // deleted favourites are not listed
        dav.delete("deep");
        assertThat(MultiStatus.parse(dav.send("REPORT", dav.url(""), report)).responses)
                .isEmpty();
        // another user's mark is not mine
        Dav other = s.dav(s.newUser("ncp2"));
        other.put("o.txt", "x");
        assertThat(other.props("o.txt", "0", OC + "favorite").self().text(OC + "favorite"))
                .isEqualTo("0");
    }

    @Test
    void searchByNameTypeTimeAndFavouriteAsTheAppsSendIt() {
        Dav dav = me.in("find");
        dav.mkcol("Photos");
        dav.put("Photos/Sommer.JPG", "jpg", "X-OC-Mtime", "1700000300");
        dav.put("Photos/winter.png", "png", "X-OC-Mtime", "1700000200");
        dav.put("Notes%20summer.txt", "txt", "X-OC-Mtime", "1700000100");
        dav.delete("Photos/winter.png");
        dav.put("Photos/winter.png", "png2", "X-OC-Mtime", "1700000200");
        String scope = "/files/" + me.login + dav.rel();

        MultiStatus byName = search(
                dav,
                scope,
                "<d:like><d:prop><d:displayname/></d:prop><d:literal>%sommer%</d:literal></d:like>",
                "",
                "");
        assertThat(byName.paths())
                .containsExactly("/remote.php/dav/files/" + me.login + Dav.decode(dav.rel()) + "Photos/Sommer.JPG");

        MultiStatus images = search(
                dav,
                scope,
                "<d:or><d:like><d:prop><d:getcontenttype/></d:prop><d:literal>image/%</d:literal></d:like>"
                        + "<d:like><d:prop><d:getcontenttype/></d:prop><d:literal>video/%</d:literal></d:like></d:or>",
                "<d:orderby><d:order><d:prop><d:getlastmodified/></d:prop><d:descending/></d:order></d:orderby>",
                "<d:limit><d:nresults>10</d:nresults></d:limit>");
        assertThat(images.paths())
                .extracting(p -> p.substring(p.lastIndexOf('/') + 1))
                .containsExactly("Sommer.JPG", "winter.png"); // newest first, the trashed copy is not found

        MultiStatus older = search(
                dav,
                scope,
                "<d:and><d:lt><d:prop><d:getlastmodified/></d:prop><d:literal>1700000250</d:literal></d:lt>"
                        + "<d:not><d:is-collection/></d:not></d:and>",
                "",
                "");
        assertThat(older.paths())
                .extracting(p -> p.substring(p.lastIndexOf('/') + 1))
                .containsExactlyInAnyOrder("winter.png", "Notes summer.txt");

        MultiStatus iso = search(
                dav,
                scope,
                "<d:and><d:gt><d:prop><d:getlastmodified/></d:prop><d:literal>2023-11-14T22:18:00+00:00</d:literal></d:gt>"
                        + "<d:not><d:is-collection/></d:not></d:and>",
                "",
                "");
        assertThat(iso.paths())
                .extracting(p -> p.substring(p.lastIndexOf('/') + 1))
                .containsExactly("Sommer.JPG");

        dav.proppatch(
                "Notes%20summer.txt",
                "<d:propertyupdate xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\"><d:set><d:prop>"
                        + "<oc:favorite>1</oc:favorite></d:prop></d:set></d:propertyupdate>");
        MultiStatus favs =
                search(dav, scope, "<d:eq><d:prop><oc:favorite/></d:prop><d:literal>yes</d:literal></d:eq>", "", "");
        assertThat(favs.paths())
                .extracting(p -> p.substring(p.lastIndexOf('/') + 1))
                .containsExactly("Notes summer.txt");
        assertThat(favs.self().text(OC + "fileid")).isNotEmpty();

        MultiStatus folders = search(
                dav,
                scope,
                "<d:eq><d:prop><d:getcontenttype/></d:prop><d:literal>httpd/unix-directory</d:literal></d:eq>",
                "",
                "");
        assertThat(folders.paths())
                .extracting(p -> p.substring(p.lastIndexOf('/') + 1))
                .containsExactly("");

        // bad operators and foreign scopes are refused
        HttpResponse<String> bad = dav.send(
                "SEARCH",
                s.baseUrl + "/remote.php/dav/",
                body(
                        scope,
                        "<d:contains><d:prop><d:displayname/></d:prop><d:literal>x</d:literal></d:contains>",
                        "",
                        ""),
                "Content-Type",
                "text/xml");
        assertThat(bad.statusCode()).isEqualTo(400);
        HttpResponse<String> foreign = dav.send(
                "SEARCH",
                s.baseUrl + "/remote.php/dav/",
                body("/files/somebody-else", "", "", ""),
                "Content-Type",
                "text/xml");
        assertThat(foreign.statusCode()).isEqualTo(404);
    }

    private static MultiStatus search(Dav dav, String scope, String where, String order, String limit) {
        HttpResponse<String> r = dav.send(
                "SEARCH", s.baseUrl + "/remote.php/dav/", body(scope, where, order, limit), "Content-Type", "text/xml");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(207);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/xml; charset=utf-8");
        return MultiStatus.parse(r);
    }

    private static String body(String scope, String where, String order, String limit) {
        return "<?xml version=\"1.0\"?><d:searchrequest xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\" "
                + "xmlns:nc=\"http://nextcloud.org/ns\"><d:basicsearch><d:select><d:prop><d:getlastmodified/><oc:fileid/>"
                + "<oc:permissions/><d:getcontenttype/></d:prop></d:select><d:from><d:scope><d:href>" + scope
                + "</d:href>"
                + "<d:depth>infinity</d:depth></d:scope></d:from>"
                + (where.isEmpty() ? "" : "<d:where>" + where + "</d:where>") + order + limit
                + "</d:basicsearch></d:searchrequest>";
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
