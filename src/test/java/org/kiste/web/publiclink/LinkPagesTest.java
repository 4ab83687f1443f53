package org.kiste.web.publiclink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kiste.model.Share;
import org.kiste.testing.Browser;
import org.kiste.testing.Dav;
import org.kiste.testing.Links;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * The public link pages over real HTTP: each kind of link (read-only, read-write, upload-only; file and folder;
 * with and without password; hidden downloads; expired; revoked) in German and English, the password form with
 * its CSRF token and brute-force limit, listing, download and upload as the link allows, and the upload-only link
 * that never tells what is in its folder.
 */
class LinkPagesTest {
    private final TestServer ts = TestServer.get();
    private final Links links = new Links(ts);

    private static Browser english() {
        return new Browser("Accept-Language", "en-GB,en;q=0.9");
    }

    private static Browser german() {
        return new Browser("Accept-Language", "de-DE,de;q=0.9,en;q=0.5");
    }

    private String page(Share link) {
        return ts.baseUrl + "/s/" + link.token();
    }

    private static Map<String, byte[]> files(String... nameContent) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nameContent.length; i += 2) {
            out.put(nameContent[i], nameContent[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private HttpResponse<String> upload(Browser b, String url, String pageHtml, Map<String, byte[]> files) {
        // the page's form sends its token in its address
        String csrf = Browser.csrf(pageHtml);
        return b.postMultipart(
                url + (url.contains("?") ? "&" : "?") + "csrf=" + csrf, Map.of("csrf", csrf), "files", files);
    }

    private static Map<String, String> unzip(byte[] zip) {
        Map<String, String> out = new LinkedHashMap<>();
        try (java.util.zip.ZipInputStream in =
                new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Test
    void bothLanguagesHaveTheSameTexts() {
        var en = java.util.ResourceBundle.getBundle("org.kiste.web.publiclink.messages", java.util.Locale.ENGLISH);
        var de = java.util.ResourceBundle.getBundle("org.kiste.web.publiclink.messages", java.util.Locale.GERMAN);
        assertThat(de.keySet()).isEqualTo(en.keySet());
        assertThat(LinkPages.size(1536, "de")).isEqualTo("1,5 KB");
        assertThat(LinkPages.size(1536, "en")).isEqualTo("1.5 KB");
        assertThat("attachment" + org.kiste.files.ContentPolicy.filename("Bericht \"ä\".txt"))
                .isEqualTo("attachment; filename=\"Bericht ___.txt\"; filename*=UTF-8''Bericht%20%22%C3%A4%22.txt");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void readOnlyFolderListsNavigatesAndDownloadsInEnglishAndGerman() {
        String owner = ts.newUser("lpr");
        Dav dav = ts.dav(owner);
        dav.mkcol("Shared");
        dav.mkcol("Shared/sub");
        dav.put("Shared/a.txt", "hello a");
        dav.put("Shared/sub/deep%20one.txt", "deep bytes");
        dav.put("Shared/" + Dav.enc("<b>x&\"y.txt"), "x");
        Share link = links.note(
                owner, links.create(owner, "/Shared", Links.READ, null), "", "<script>alert(1)</script> read me");

        HttpResponse<String> en = english().get(page(link));
        assertThat(en.statusCode()).isEqualTo(200);
        assertThat(en.headers().firstValue("Content-Language")).hasValue("en");
        assertThat(en.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(en.body())
                .contains(
                        "<html lang=\"en\">",
                        "Shared",
                        "a.txt",
                        "sub",
                        "Download",
                        "Modified",
                        "&lt;b&gt;x&amp;&quot;y.txt",
                        "&lt;script&gt;alert(1)&lt;/script&gt; read me")
                .doesNotContain("<b>x", "<script>", "multipart/form-data");

        HttpResponse<String> de = german().get(ts.baseUrl + "/index.php/s/" + link.token());
        assertThat(de.statusCode()).isEqualTo(200);
        assertThat(de.headers().firstValue("Content-Language")).hasValue("de");
        assertThat(de.body()).contains("<html lang=\"de\">", "Herunterladen", "Geändert", "a.txt");

        HttpResponse<String> sub = english().get(page(link) + "?path=/sub");
        assertThat(sub.statusCode()).isEqualTo(200);
        assertThat(sub.body())
                .contains("deep one.txt", "Up one level", "/download?path=/sub/deep%20one.txt")
                .doesNotContain("a.txt");

        HttpResponse<byte[]> file = english().getBytes(page(link) + "/download?path=/sub/deep%20one.txt");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(new String(file.body(), StandardCharsets.UTF_8)).isEqualTo("deep bytes");
        assertThat(file.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment;")
                .contains("filename*=UTF-8''deep%20one.txt");

        assertThat(en.body()).contains("Download all (zip)");
        HttpResponse<byte[]> zip = english().getBytes(page(link) + "/download");
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(zip.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("Shared.zip");
        Map<String, String> members = unzip(zip.body());
        assertThat(members)
                .containsEntry("Shared/a.txt", "hello a")
                .containsEntry("Shared/sub/deep one.txt", "deep bytes")
                .containsKeys("Shared/", "Shared/sub/", "Shared/<b>x&\"y.txt");
        assertThat(unzip(english().getBytes(page(link) + "/download?path=/sub").body()))
                .containsOnlyKeys("sub/", "sub/deep one.txt");

        assertThat(english().get(page(link) + "?path=/missing").statusCode()).isEqualTo(404);
        assertThat(english().get(page(link) + "?path=/../x").statusCode()).isEqualTo(400);
        assertThat(english().getBytes(page(link) + "/download?path=/nope.txt").statusCode())
                .isEqualTo(404);
        // no upload through a read-only link, even with a valid form session
        Browser b = english();
        String html = b.get(page(link)).body();
        assertThat(Browser.csrf(html)).isNull();
        assertThat(b.postMultipart(page(link) + "/upload", Map.of("csrf", "x"), "files", files("n.txt", "n"))
                        .statusCode())
                .isIn(403);
        assertThat(dav.get("Shared/n.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void fileLinkShowsNameSizeAndDownload() {
        String owner = ts.newUser("lpf");
        Dav dav = ts.dav(owner);
        dav.put("report.pdf", "%PDF-1.4 twelve");
        Share link = links.create(owner, "/report.pdf", Links.READ, null);
        HttpResponse<String> p = german().get(page(link));
        assertThat(p.statusCode()).isEqualTo(200);
        assertThat(p.body()).contains("report.pdf", "Größe: 15 B", "Herunterladen", "/s/" + link.token() + "/download");
        HttpResponse<byte[]> d = english().getBytes(page(link) + "/download");
        assertThat(d.statusCode()).isEqualTo(200);
        assertThat(new String(d.body(), StandardCharsets.UTF_8)).isEqualTo("%PDF-1.4 twelve");
        assertThat(d.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("sandbox");
    }

    @Test
    void hiddenDownloadsHaveNoButtonsAndTheDownloadAddressRefuses() {
        String owner = ts.newUser("lph");
        Dav dav = ts.dav(owner);
        dav.mkcol("Look");
        dav.put("Look/only.txt", "look, don't take");
        Share link = links.hideDownload(owner, links.create(owner, "/Look", Links.READ, null));
        HttpResponse<String> p = english().get(page(link));
        assertThat(p.statusCode()).isEqualTo(200);
        assertThat(p.body()).contains("only.txt").doesNotContain("/download", "Download");
        assertThat(english().getBytes(page(link) + "/download?path=/only.txt").statusCode())
                .isEqualTo(403);
    }

    @Test
    void passwordFormNeedsItsCsrfTokenAndTellsAWrongPassword() {
        String owner = ts.newUser("lpp");
        Dav dav = ts.dav(owner);
        dav.mkcol("Secret");
        dav.put("Secret/plans.txt", "the plans");
        Share link = links.create(owner, "/Secret", Links.READ, "correct horse 1");

        Browser b = german();
        HttpResponse<String> form = b.get(page(link));
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body())
                .contains("Dieser Link ist geschützt", "type=\"password\"")
                .doesNotContain("plans.txt");
        String csrf = Browser.csrf(form.body());
        assertThat(csrf).isNotBlank();
        // the English page says the same in English
        assertThat(english().get(page(link)).body()).contains("This link is protected");

        // without the token, or from a browser without the form's cookie: refused, nothing counted as a guess
        assertThat(b.post(page(link) + "/authenticate", "password", "correct horse 1")
                        .statusCode())
                .isEqualTo(403);
        assertThat(german().post(page(link) + "/authenticate", "csrf", csrf, "password", "correct horse 1")
                        .statusCode())
                .isEqualTo(403);
        assertThat(b.getBytes(page(link) + "/download?path=/plans.txt").statusCode())
                .isEqualTo(303);

        HttpResponse<String> wrong = b.post(page(link) + "/authenticate", "csrf", csrf, "password", "wrong");
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(wrong.body()).contains("Falsches Passwort").doesNotContain("plans.txt");

        HttpResponse<String> right = b.post(page(link) + "/authenticate", "csrf", csrf, "password", "correct horse 1");
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(right.headers().firstValue("Location")).hasValue("/s/" + link.token());
        HttpResponse<String> listing = b.get(page(link));
        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(listing.body()).contains("plans.txt");
        assertThat(new String(
                        b.getBytes(page(link) + "/download?path=/plans.txt").body(), StandardCharsets.UTF_8))
                .isEqualTo("the plans");
        // another browser still sees the form
        assertThat(english().get(page(link)).body()).doesNotContain("plans.txt");
        // a new password makes the old proof worthless
        links.shares()
                .update(
                        links.principal(owner),
                        link.id(),
                        new org.kiste.share.ShareUpdate(null, "battery staple 2", null, null, null, null, null));
        assertThat(b.get(page(link)).body()).contains("type=\"password\"").doesNotContain("plans.txt");
    }

    @Test
    void wrongPasswordsLockTheLinkForAWhile() {
        String owner = ts.newUser("lpt");
        Dav dav = ts.dav(owner);
        dav.mkcol("Guarded");
        dav.mkcol("Other");
        Share link = links.create(owner, "/Guarded", Links.READ, "the-real-one");
        Share other = links.create(owner, "/Other", Links.READ, "other-one");
        Browser b = english();
        String csrf = Browser.csrf(b.get(page(link)).body());
        int last = 0;
        for (int i = 0; i < 10; i++) { // throttle.link.free
            last = b.post(page(link) + "/authenticate", "csrf", csrf, "password", "guess " + i)
                    .statusCode();
        }
        assertThat(last).isEqualTo(429);
        // locked: even the right password is refused now, and the page says why
        assertThat(b.post(page(link) + "/authenticate", "csrf", csrf, "password", "the-real-one")
                        .statusCode())
                .isEqualTo(429);
        HttpResponse<String> locked = b.get(page(link));
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.body()).contains("Too many wrong passwords");
        // over WebDAV too
        HttpResponse<String> dav429 = new Dav(ts.baseUrl, "anonymous", "the-real-one")
                .send("PROPFIND", ts.baseUrl + "/public.php/dav/files/" + link.token() + "/", null, "Depth", "0");
        assertThat(dav429.statusCode()).isEqualTo(429);
        // another link is not affected
        Browser o = english();
        String oc = Browser.csrf(o.get(page(other)).body());
        assertThat(o.post(page(other) + "/authenticate", "csrf", oc, "password", "other-one")
                        .statusCode())
                .isEqualTo(303);
    }

    @Test
    void readWriteLinkUploadsWithoutReplacingAndCountsForTheOwner() {
        String owner = ts.newUser("lpw");
        Dav dav = ts.dav(owner);
        dav.mkcol("Team");
        dav.mkcol("Team/in");
        dav.put("Team/in/a.txt", "original");
        String before = dav.etag("Team/");
        Share link = links.create(owner, "/Team", Links.READ_WRITE, null);
        Browser b = english();
        HttpResponse<String> p = b.get(page(link) + "?path=/in");
        assertThat(p.body()).contains("multipart/form-data", "Upload files", "/upload?path=/in");
        HttpResponse<String> up =
                upload(b, page(link) + "/upload?path=/in", p.body(), files("a.txt", "from a visitor", "b.txt", "bee"));
        assertThat(up.statusCode()).isEqualTo(303);
        assertThat(up.headers().firstValue("Location")).hasValue("/s/" + link.token() + "?path=/in");
        assertThat(dav.get("Team/in/a.txt").body()).isEqualTo("original");
        assertThat(dav.get("Team/in/a%20(2).txt").body()).isEqualTo("from a visitor");
        assertThat(dav.get("Team/in/b.txt").body()).isEqualTo("bee");
        assertThat(dav.etag("Team/")).isNotEqualTo(before);
        // without the form's token nothing is stored
        assertThat(new Browser()
                        .postMultipart(page(link) + "/upload", Map.of("csrf", "forged"), "files", files("c.txt", "c"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(dav.get("Team/c.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void uploadOverTheOwnersQuotaIsRefusedWithNothingStored() {
        String owner = ts.newUser("lpq");
        Dav dav = ts.dav(owner);
        dav.mkcol("Full");
        ts.users().setQuota(owner, 1000);
        sleep(1100); // quota changes reach the files core within a second
        Share link = links.create(owner, "/Full", Links.READ_WRITE, null);
        Browser b = english();
        String html = b.get(page(link)).body();
        HttpResponse<String> r = upload(b, page(link) + "/upload", html, files("big.bin", "x".repeat(5000)));
        assertThat(r.statusCode()).isEqualTo(507);
        assertThat(r.body()).contains("not enough space");
        assertThat(dav.get("Full/big.bin").statusCode()).isEqualTo(404);
        Share drop = links.create(owner, "/Full", Links.DROP, null);
        String dropHtml = b.get(page(drop)).body();
        assertThat(upload(b, page(drop) + "/upload", dropHtml, files("big.bin", "y".repeat(5000)))
                        .statusCode())
                .isEqualTo(507);
        assertThat(MultiStatus.parse(dav.propfind("Full/", "1", null)).paths()).hasSize(1);
    }

    @Test
    void dropLinkTakesFilesAndNeverShowsWhatIsThere() {
        String owner = ts.newUser("lpd");
        Dav dav = ts.dav(owner);
        dav.mkcol("Inbox");
        dav.mkcol("Inbox/private");
        dav.put("Inbox/secret.txt", "owner's secret");
        Share link = links.create(owner, "/Inbox", Links.DROP, null);
        Browser b = german();
        HttpResponse<String> p = b.get(page(link));
        assertThat(p.statusCode()).isEqualTo(200);
        assertThat(p.body())
                .contains("Dateien hochladen", "multipart/form-data", "Inbox")
                .doesNotContain("secret.txt", "private");
        // no address reveals anything: sub-paths show the same form, downloads are not found either way
        assertThat(b.get(page(link) + "?path=/private").body()).doesNotContain("secret", "private\"");
        assertThat(b.getBytes(page(link) + "/download?path=/secret.txt").statusCode())
                .isEqualTo(404);
        assertThat(b.getBytes(page(link) + "/download?path=/nothing.txt").statusCode())
                .isEqualTo(404);

        HttpResponse<String> done = upload(
                b,
                page(link) + "/upload?path=/private",
                p.body(),
                files("secret.txt", "visitor's file", "new.txt", "new"));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Vielen Dank", "secret.txt", "new.txt").doesNotContain("(2)");
        assertThat(dav.get("Inbox/secret.txt").body()).isEqualTo("owner's secret");
        assertThat(dav.get("Inbox/secret%20(2).txt").body()).isEqualTo("visitor's file");
        assertThat(dav.get("Inbox/new.txt").body()).isEqualTo("new");
        assertThat(dav.get("Inbox/private/secret.txt").statusCode()).isEqualTo(404);
        // English thanks
        Browser e = english();
        HttpResponse<String> ep = e.get(page(link));
        assertThat(upload(e, page(link) + "/upload", ep.body(), files("x.txt", "x"))
                        .body())
                .contains("Thank you");
    }

    @Test
    void expiredAndRevokedLinksAnswer404AtOnce() {
        String owner = ts.newUser("lpx");
        Dav dav = ts.dav(owner);
        dav.put("gone.txt", "soon gone");
        Share link = links.create(owner, "/gone.txt", Links.READ, null);
        Browser b = english();
        assertThat(b.get(page(link)).statusCode()).isEqualTo(200);
        links.expire(link);
        for (String url : List.of(page(link), page(link) + "/download", ts.baseUrl + "/index.php/s/" + link.token())) {
            HttpResponse<String> r = b.get(url);
            assertThat(r.statusCode()).as(url).isEqualTo(404);
            assertThat(r.body()).contains("does not exist or has expired");
        }
        links.extend(link);
        assertThat(b.get(page(link)).statusCode()).isEqualTo(200);
        links.revoke(owner, link);
        assertThat(b.get(page(link)).statusCode()).isEqualTo(404);
        assertThat(b.getBytes(page(link) + "/download").statusCode()).isEqualTo(404);
        assertThat(german().get(page(link)).body()).contains("Diesen Link gibt es nicht");
        assertThat(b.get(ts.baseUrl + "/s/NoSuchToken123456").statusCode()).isEqualTo(404);
        // an item the owner deleted takes its link with it
        dav.mkcol("Temp");
        dav.put("Temp/t.txt", "t");
        Share temp = links.create(owner, "/Temp", Links.READ, null);
        assertThat(b.get(page(temp)).statusCode()).isEqualTo(200);
        assertThat(dav.delete("Temp").statusCode()).isEqualTo(204);
        assertThat(b.get(page(temp)).statusCode()).isEqualTo(404);
        assertThat(b.getBytes(page(temp) + "/download?path=/t.txt").statusCode())
                .isEqualTo(404);
        assertThat(new Dav(ts.baseUrl, "anonymous", null)
                        .send(
                                "PROPFIND",
                                ts.baseUrl + "/public.php/dav/files/" + temp.token() + "/",
                                null,
                                "Depth",
                                "1")
                        .statusCode())
                .isEqualTo(404);
    }
}
