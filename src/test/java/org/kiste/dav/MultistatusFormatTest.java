package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/** The shape of 207 answers and of answers about folders: hrefs, media type, propstat order, statuses. */
class MultistatusFormatTest {
    private static final TestServer s = TestServer.get();
    private static Dav me;

    @BeforeAll
    static void user() {
        me = s.dav(s.newUser("ms"));
    }

    @Test
    void hrefsAreAbsolutePathsAndTheMediaTypeIsExact() {
        Dav dav = me.in("hrefs");
        dav.mkcol("dir");
        dav.put("dir/a%20b.txt", "x");
        dav.mkcol("dir/sub");
        for (String url : List.of(
                dav.url("dir"),
                dav.url("dir/"),
                dav.at("/remote.php/webdav" + dav.rel() + "dir"),
                dav.at("/dav" + dav.rel() + "dir/"),
                dav.at("/"),
                dav.at("/remote.php/dav/files/"))) {
            HttpResponse<String> r = dav.send("PROPFIND", url, null, "Depth", "1");
            assertThat(r.statusCode()).as(url).isEqualTo(207);
            assertThat(r.headers().firstValue("Content-Type")).as(url).hasValue("application/xml; charset=utf-8");
            MultiStatus ms = MultiStatus.parse(r);
            assertThat(ms.hrefs()).as(url).isNotEmpty().allSatisfy(h -> {
                assertThat(h).startsWith("/").doesNotContain("://").doesNotContain("//");
            });
        }
        MultiStatus ms = MultiStatus.parse(dav.propfind("dir", "1", null));
        String base = dav.home() + "dir/";
        assertThat(ms.hrefs()).containsExactlyInAnyOrder(base, base + "a%20b.txt", base + "sub/");
        // the folder itself first, collections with a trailing slash, files without
        assertThat(ms.self().href()).isEqualTo(base);
    }

    @Test
    void propstatWithFoundPropertiesComesBeforeTheNotFoundOnes() {
        Dav dav = me.in("order");
        dav.put("f.txt", "hello");
        String body = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\" xmlns:x=\"urn:nothing\"><d:prop>"
                + "<x:missing-one/><d:getetag/><d:quota-used-bytes/><d:getcontentlength/><x:missing-two/>"
                + "</d:prop></d:propfind>";
        MultiStatus ms = MultiStatus.parse(dav.propfind("f.txt", "0", body));
        MultiStatus.Response r = ms.self();
        assertThat(r.propstats()).extracting(MultiStatus.PropStat::status).containsExactly(200, 404);
        assertThat(r.text("getcontentlength")).isEqualTo("5");
        assertThat(r.text("getetag")).startsWith("\"");
        assertThat(r.statusOf("{urn:nothing}missing-one")).isEqualTo(404);
        assertThat(r.statusOf("{urn:nothing}missing-two")).isEqualTo(404);
        assertThat(r.statusOf("quota-used-bytes")).isEqualTo(404); // a folder property, asked on a file

        // nothing found: one 404 propstat, no empty 200 one
        String onlyMissing = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\" xmlns:x=\"urn:nothing\"><d:prop>"
                + "<x:missing-one/><d:quota-used-bytes/></d:prop></d:propfind>";
        for (String url : List.of(dav.url("f.txt"), dav.at("/remote.php/dav/"))) {
            MultiStatus none = MultiStatus.parse(dav.send("PROPFIND", url, onlyMissing, "Depth", "0"));
            assertThat(none.self().propstats())
                    .as(url)
                    .extracting(MultiStatus.PropStat::status)
                    .containsExactly(404);
        }

        // the same order on every member of a Depth 1 listing
        dav.mkcol("d");
        dav.put("d/1.txt", "1");
        MultiStatus list = MultiStatus.parse(dav.propfind("d", "1", body));
        assertThat(list.responses).hasSize(2).allSatisfy(resp -> {
            List<Integer> statuses =
                    resp.propstats().stream().map(MultiStatus.PropStat::status).toList();
            assertThat(statuses).containsExactly(200, 404);
        });
    }

    @Test
    void propfindOnAMissingPathIsAPlain404() {
        Dav dav = me.in("miss");
        for (String p : new String[] {"nope.txt", "nope/", "nope/deeper.txt"}) {
            HttpResponse<String> r = dav.propfind(p, "0", null);
            assertThat(r.statusCode()).as(p).isEqualTo(404);
            assertThat(r.body()).as(p).doesNotContain("multistatus");
        }
        dav.put("file.txt", "x");
        // below a file nothing exists
        assertThat(dav.propfind("file.txt/child", "0", null).statusCode()).isEqualTo(404);
    }

    @Test
    void getAndHeadOnFoldersAnswer2xxWithoutRedirects() {
        Dav dav = me.in("folderget");
        dav.mkcol("docs");
        dav.put("docs/readme.txt", "r");
        for (String url : List.of(
                dav.url("docs"),
                dav.url("docs/"),
                dav.url(""),
                dav.at("/dav" + dav.rel() + "docs"),
                dav.at("/remote.php/webdav" + dav.rel() + "docs"))) {
            HttpResponse<String> get = dav.send("GET", url, null);
            assertThat(get.statusCode()).as("GET " + url).isBetween(200, 299);
            assertThat(get.headers().firstValue("Location")).as(url).isEmpty();
            HttpResponse<String> head = dav.send("HEAD", url, null);
            assertThat(head.statusCode()).as("HEAD " + url).isBetween(200, 299);
        }
        assertThat(dav.get("docs").body()).contains("readme.txt");
        // PROPFIND on a slashless folder answers directly too
        HttpResponse<String> pf = dav.propfind("docs", "0", null);
        assertThat(pf.statusCode()).isEqualTo(207);
        assertThat(MultiStatus.parse(pf).self().href()).endsWith("/docs/");
    }

    @Test
    void depthInfinityIsAnsweredInTheFilesTreesAndRefusedAboveThem() {
        Dav dav = me.in("infinity");
        dav.mkcol("a");
        for (String url : List.of(dav.url(""), dav.url("a"))) {
            assertThat(dav.send("PROPFIND", url, null, "Depth", "infinity").statusCode())
                    .as(url)
                    .isEqualTo(207);
            // RFC 4918 §9.1: no Depth header means infinity
            assertThat(dav.send("PROPFIND", url, null).statusCode()).as(url).isEqualTo(207);
        }
        for (String url : List.of(dav.at("/remote.php/dav/files/"), dav.at("/"))) {
            HttpResponse<String> r = dav.send("PROPFIND", url, null, "Depth", "infinity");
            assertThat(r.statusCode()).as(url).isEqualTo(403);
            assertThat(r.body()).contains("propfind-finite-depth");
            assertThat(dav.send("PROPFIND", url, null).statusCode()).as(url).isEqualTo(403);
        }
        assertThat(dav.propfind("a", "2", null).statusCode()).isEqualTo(400);
    }
}
