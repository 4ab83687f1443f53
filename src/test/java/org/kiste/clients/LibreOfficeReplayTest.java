package org.kiste.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.DavLocks;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;
import org.kiste.testing.VersionsDav;
import org.w3c.dom.Element;

/**
 * LibreOffice's UCB WebDAV provider (curl) opening, saving and closing a document, and creating a new one,
 * as traced in clients.md §4: LOCK Depth 0 for 180 s with {@code Expect: 100-continue}, HEAD on the parent
 * folder before the save, PUT with the token in If, refreshes without a body, lower-case percent escapes.
 */
class LibreOfficeReplayTest {
    private static final String UA = "LibreOffice 7.4.7.2 denylistedbackend/7.88.1 GnuTLS/3.7.9";
    private static final String UCB = "http://ucb.openoffice.org/dav/props/";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private static final TestServer s = TestServer.get();
    private static Dav me;

    @BeforeAll
    static void user() {
        me = s.dav(s.newUser("lo"));
    }

    private static HttpResponse<String> send(Dav dav, String method, String path, String body, String... headers) {
        return dav.sendAs(UA, method, path, body, headers);
    }

    /** A request with a body sent the curl way: {@code Expect: 100-continue} first. */
    private static HttpResponse<String> sendExpecting(
            Dav dav, String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        String[] h = Arrays.copyOf(headers, headers.length + 2);
        h[headers.length] = "User-Agent";
        h[headers.length + 1] = UA;
        HttpRequest req =
                dav.request(method, dav.url(path), body, h).expectContinue(true).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String lockinfo() {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><lockinfo xmlns=\"DAV:\"><lockscope><exclusive/></lockscope>"
                + "<locktype><write/></locktype><owner>LibreOffice - </owner></lockinfo>";
    }

    @Test
    void openEditSaveClose() throws Exception {
        Dav dav = me.in("lo-edit");
        dav.put("Minutes.odt", "draft");

        HttpResponse<String> options = send(dav, "OPTIONS", "Minutes.odt", null);
        assertThat(options.statusCode()).isEqualTo(200);
        assertThat(options.headers().firstValue("DAV").orElse("")).contains("2");
        assertThat(options.headers().firstValue("Allow").orElse("")).contains("LOCK");

        // the locking decision: supportedlock must offer an exclusive write lock; UCB's own properties are unknown
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><propfind xmlns=\"DAV:\"><prop><supportedlock/>"
                + "<lockdiscovery/><resourcetype/><getcontentlength/><IsReadOnly xmlns=\"" + UCB + "\"/>"
                + "<BaseURI xmlns=\"" + UCB + "\"/><CreatableContentsInfo xmlns=\"" + UCB + "\"/></prop></propfind>";
        MultiStatus.Response doc = MultiStatus.parse(
                        send(dav, "PROPFIND", "Minutes.odt", body, "Depth", "0", "Content-Type", "application/xml"))
                .self();
        Element supported = doc.prop(MultiStatus.clark("supportedlock")).orElseThrow();
        assertThat(MultiStatus.children(supported, "lockentry"))
                .anySatisfy(e -> assertThat(MultiStatus.children(
                                MultiStatus.children(e, "lockscope").get(0), "exclusive"))
                        .hasSize(1));
        assertThat(DavLocks.discovered(doc)).isEmpty();
        assertThat(doc.statusOf("{" + UCB + "}IsReadOnly")).isEqualTo(404);
        assertThat(doc.statusOf("{" + UCB + "}BaseURI")).isEqualTo(404);

        assertThat(send(dav, "HEAD", "Minutes.odt", null).statusCode()).isEqualTo(200);
        assertThat(send(dav, "GET", "Minutes.odt", null).body()).isEqualTo("draft");

        HttpResponse<String> lock = sendExpecting(
                dav,
                "LOCK",
                "Minutes.odt",
                lockinfo(),
                "Depth",
                "0",
                "Timeout",
                "Second-180",
                "Content-Type",
                "application/xml");
        assertThat(lock.statusCode()).as(lock.body()).isEqualTo(200);
        String token = DavLocks.tokenOf(lock);
        DavLocks.Active granted = DavLocks.fromLockAnswer(lock.body()).get(0);
        // granted as asked: LibreOffice refreshes when 30 s remain
        assertThat(granted.seconds()).isBetween(178L, 180L);
        assertThat(granted.depth()).isEqualTo("0");
        assertThat(granted.owner().getTextContent()).isEqualTo("LibreOffice - ");

        // saving: OPTIONS, PROPFIND and HEAD on the parent folder first; a 404 there aborts the save
        assertThat(send(dav, "OPTIONS", "", null).statusCode()).isEqualTo(200);
        assertThat(send(dav, "PROPFIND", "", null, "Depth", "0").statusCode()).isEqualTo(207);
        HttpResponse<String> parentHead = send(dav, "HEAD", "", null);
        assertThat(parentHead.statusCode()).isBetween(200, 299);
        assertThat(me.send("HEAD", dav.url("").replaceFirst("/$", ""), null, "User-Agent", UA)
                        .statusCode())
                .as("without the trailing slash, and no redirect")
                .isBetween(200, 299);

        HttpResponse<String> save = sendExpecting(
                dav,
                "PUT",
                "Minutes.odt",
                "final text",
                "If",
                "(<" + token + ">)",
                "Content-Type",
                "application/vnd.oasis.opendocument.text");
        assertThat(save.statusCode()).isEqualTo(204);

        HttpResponse<String> refresh =
                send(dav, "LOCK", "Minutes.odt", null, "If", "(<" + token + ">)", "Timeout", "Second-180");
        assertThat(refresh.statusCode()).isEqualTo(200);
        assertThat(DavLocks.fromLockAnswer(refresh.body()).get(0).seconds()).isBetween(178L, 180L);
        assertThat(DavLocks.fromLockAnswer(refresh.body()).get(0).token()).isEqualTo(token);

        assertThat(send(dav, "UNLOCK", "Minutes.odt", null, "Lock-Token", "<" + token + ">")
                        .statusCode())
                .isEqualTo(204);
        assertThat(dav.get("Minutes.odt").body()).isEqualTo("final text");
        assertThat(DavLocks.discovered(dav, "Minutes.odt")).isEmpty();
        assertThat(new VersionsDav(dav).contents(Dav.nodeId(dav.head("Minutes.odt"))))
                .as("the save left the draft as a version")
                .containsExactly("draft");
    }

    @Test
    void aNewDocumentIsCreatedByLockingItsUrl() throws Exception {
        Dav dav = me.in("lo-new");
        // LibreOffice sends lower-case escapes: "Über.odt"
        String lower = "%c3%9cber.odt";
        HttpResponse<String> lock = sendExpecting(
                dav,
                "LOCK",
                lower,
                lockinfo(),
                "Depth",
                "0",
                "Timeout",
                "Second-180",
                "Content-Type",
                "application/xml");
        assertThat(lock.statusCode()).as(lock.body()).isEqualTo(201);
        String token = DavLocks.tokenOf(lock);
        assertThat(Dav.decode(DavLocks.fromLockAnswer(lock.body()).get(0).lockRoot()))
                .endsWith("/lo-new/Über.odt");

        assertThat(send(dav, "HEAD", "", null).statusCode()).isBetween(200, 299);
        HttpResponse<String> put = sendExpecting(dav, "PUT", lower, "new document", "If", "(<" + token + ">)");
        assertThat(put.statusCode()).isEqualTo(204);
        assertThat(dav.get(Dav.enc("Über.odt")).body()).isEqualTo("new document");
        assertThat(send(dav, "UNLOCK", lower, null, "Lock-Token", "<" + token + ">")
                        .statusCode())
                .isEqualTo(204);
        assertThat(dav.props("", "1", "resourcetype").paths()).contains(Dav.decode(dav.home()) + "Über.odt");
    }
}
