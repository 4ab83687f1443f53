package org.kiste.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.DavLocks;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;
import org.w3c.dom.Element;

/** Windows Explorer's WebClient redirector, request by request as clients.md §1 records it. */
class WindowsExplorerReplayTest {
    private static final String UA = "Microsoft-WebDAV-MiniRedir/10.0.19045";
    private static final String CREATED = "Mon, 02 Jan 2023 09:00:00 GMT";
    private static final String ACCESSED = "Tue, 03 Jan 2023 10:00:00 GMT";
    private static final String MODIFIED = "Mon, 02 Jan 2023 09:30:00 GMT";
    private static final String MODIFIED_LATER = "Wed, 04 Jan 2023 11:45:10 GMT";
    private static final TestServer s = TestServer.get();
    private static Dav me;

    @BeforeAll
    static void user() {
        me = s.dav(s.newUser("win"));
    }

    private static HttpResponse<String> send(Dav dav, String method, String path, String body, String... headers) {
        return dav.sendAs(UA, method, path, body, headers);
    }

    @Test
    void mappingTheDriveProbesTheRootAndEveryParent() {
        Dav anon = s.anonymous();
        // the first probe comes from DavClnt, before the WebClient service runs, and carries no credentials
        HttpResponse<String> probe = anon.send("OPTIONS", anon.at("/"), null, "User-Agent", "DavClnt");
        assertThat(probe.statusCode()).isEqualTo(200);
        assertThat(probe.headers().firstValue("MS-Author-Via")).hasValue("DAV");
        assertThat(probe.headers().firstValue("DAV").orElse("")).contains("2");
        // \\host\dav mounts /dav/; the Nextcloud-style URL works as well, up to /remote.php/dav/
        for (String parent : new String[] {
            "/", "/dav/", "/remote.php/dav/", "/remote.php/dav/files/", "/remote.php/dav/files/" + me.login + "/"
        }) {
            assertThat(me.send("OPTIONS", me.at(parent), null, "User-Agent", UA).statusCode())
                    .as(parent)
                    .isEqualTo(200);
            HttpResponse<String> r =
                    me.send("PROPFIND", me.at(parent), null, "Depth", "0", "Translate", "f", "User-Agent", UA);
            assertThat(r.statusCode()).as("PROPFIND " + parent).isEqualTo(207);
        }
        // the mount URL itself: Depth 0, empty body (allprop), prefixed DAV: namespace only
        HttpResponse<String> mount =
                me.send("PROPFIND", me.at("/dav/"), null, "Depth", "0", "Translate", "f", "User-Agent", UA);
        MultiStatus ms = MultiStatus.parse(mount);
        assertThat(ms.self()
                        .prop(MultiStatus.clark("resourcetype"))
                        .orElseThrow()
                        .getElementsByTagNameNS("DAV:", "collection")
                        .getLength())
                .isEqualTo(1);
        assertThat(mount.body()).doesNotContain("xmlns=\"DAV:\"");
    }

    @Test
    void copyingANewFileIntoTheDrive() {
        Dav dav = me.in("upload");
        String name = "report.txt";
        // Explorer asks whether the name is free: a plain 404, never a 207 wrapping one
        assertThat(send(dav, "PROPFIND", name, null, "Depth", "0", "Translate", "f")
                        .statusCode())
                .isEqualTo(404);
        assertThat(send(dav, "PUT", name, "").statusCode()).isEqualTo(201);
        String emptyEtag = dav.etag(name);

        HttpResponse<String> lock = send(
                dav,
                "LOCK",
                name,
                Win32Props.lockinfo("WORKGROUP\\" + dav.login),
                "Content-Type",
                "text/xml; charset=\"utf-8\"",
                "Timeout",
                "Second-3600");
        assertThat(lock.statusCode()).as(lock.body()).isEqualTo(200);
        String token = DavLocks.tokenOf(lock);
        DavLocks.Active granted = DavLocks.fromLockAnswer(lock.body()).get(0);
        assertThat(granted.depth()).isEqualTo("infinity"); // no Depth header (RFC 4918 §9.10.3)
        assertThat(granted.seconds()).isBetween(3590L, 3600L);

        // the Win32 properties come without the lock token, and must still succeed
        assertWin32Accepted(send(
                dav,
                "PROPPATCH",
                name,
                Win32Props.proppatch(CREATED, ACCESSED, MODIFIED, "00000020"),
                "Content-Type",
                "text/xml; charset=\"utf-8\""));
        assertThat(dav.etag(name)).as("metadata never changes the etag").isEqualTo(emptyEtag);

        HttpResponse<String> head = send(dav, "HEAD", name, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("0");

        byte[] content = "quarterly numbers\r\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> put =
                dav.sendBytes("PUT", dav.url(name), content, "If", "(<" + token + ">)", "User-Agent", UA);
        assertThat(put.statusCode()).isEqualTo(204);
        String contentEtag = dav.etag(name);
        assertThat(contentEtag).isNotEqualTo(emptyEtag);

        assertWin32Accepted(send(
                dav,
                "PROPPATCH",
                name,
                Win32Props.proppatch(CREATED, ACCESSED, MODIFIED_LATER, "00000020"),
                "Content-Type",
                "text/xml; charset=\"utf-8\""));
        assertThat(dav.etag(name)).isEqualTo(contentEtag);

        // Windows sends the token without angle brackets
        assertThat(send(dav, "UNLOCK", name, null, "Lock-Token", token).statusCode())
                .isEqualTo(204);
        assertThat(DavLocks.discovered(dav, name)).isEmpty();

        String[] win32 = Win32Props.names();
        MultiStatus.Response p = dav.props(
                        name,
                        "0",
                        win32[0],
                        win32[1],
                        win32[2],
                        win32[3],
                        "getlastmodified",
                        "getcontentlength",
                        "getetag")
                .self();
        assertThat(p.text(win32[0])).isEqualTo(CREATED);
        assertThat(p.text(win32[1])).isEqualTo(ACCESSED);
        assertThat(p.text(win32[2])).isEqualTo(MODIFIED_LATER);
        assertThat(p.text(win32[3])).isEqualTo("00000020");
        // the modification time Explorer shows is the one it set
        assertThat(p.text("getlastmodified")).isEqualTo(MODIFIED_LATER);
        assertThat(p.text("getcontentlength")).isEqualTo(Integer.toString(content.length));
        assertThat(p.text("getetag")).isEqualTo("\"" + contentEtag + "\"");
        assertThat(dav.get(name).headers().firstValue("Last-Modified")).hasValue(MODIFIED_LATER);
        // allprop (the empty body Explorer sends) returns them too
        MultiStatus all = MultiStatus.parse(send(dav, "PROPFIND", name, null, "Depth", "0", "Translate", "f"));
        assertThat(all.self().text(win32[3])).isEqualTo("00000020");
        assertThat(dav.get(name).body()).isEqualTo(new String(content, StandardCharsets.UTF_8));
    }

    private static void assertWin32Accepted(HttpResponse<String> r) {
        MultiStatus ms = MultiStatus.parse(r);
        for (String n : Win32Props.names()) {
            assertThat(ms.self().statusOf(n)).as(n + " in " + r.body()).isEqualTo(200);
        }
    }

    @Test
    void aCaseOnlyRenameIsARealRename() {
        Dav dav = me.in("case");
        dav.put("a.txt", "content");
        HttpResponse<String> r = send(dav, "MOVE", "a.txt", null, "Destination", dav.url("A.txt"), "Overwrite", "F");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(dav.get("a.txt").statusCode()).isEqualTo(404);
        assertThat(dav.get("A.txt").body()).isEqualTo("content");
        MultiStatus ms = dav.props("", "1", "resourcetype");
        assertThat(ms.paths()).noneMatch(p -> p.endsWith("/a.txt")).anyMatch(p -> p.endsWith("/A.txt"));
    }

    @Test
    void aFolderOf200FilesListsCompactly() {
        Dav dav = me.in("big");
        for (int i = 0; i < 200; i++) {
            String name = String.format("file-%03d.docx", i);
            assertThat(dav.put(name, "x".repeat(i)).statusCode()).isEqualTo(201);
            if (i % 10 == 0) {
                dav.proppatch(name, Win32Props.proppatch(CREATED, ACCESSED, MODIFIED, "00000020"));
            }
        }
        String named =
                "<?xml version=\"1.0\" encoding=\"utf-8\" ?><D:propfind xmlns:D=\"DAV:\"><D:prop><D:resourcetype/>"
                        + "<D:getcontentlength/><D:getlastmodified/><D:creationdate/><D:getetag/></D:prop></D:propfind>";
        HttpResponse<String> r = send(
                dav,
                "PROPFIND",
                "",
                named,
                "Depth",
                "1",
                "Translate",
                "f",
                "Content-Type",
                "text/xml; charset=\"utf-8\"");
        MultiStatus ms = MultiStatus.parse(r);
        assertThat(ms.responses).hasSize(201);
        int bytes = r.body().getBytes(StandardCharsets.UTF_8).length;
        assertThat(bytes / 201).as("bytes per entry").isLessThan(600);
        // no dead properties unless asked, no 404 propstats for properties every file has
        assertThat(r.body()).doesNotContain("Win32");
        for (MultiStatus.Response file : ms.responses.subList(1, ms.responses.size())) {
            assertThat(file.propstats())
                    .as(file.href())
                    .extracting(MultiStatus.PropStat::status)
                    .containsOnly(200);
        }
        List<QName> first = ms.responses.get(1).names200();
        assertThat(first)
                .extracting(QName::getLocalPart)
                .containsExactlyInAnyOrder(
                        "resourcetype", "getcontentlength", "getlastmodified", "creationdate", "getetag");

        // the listing Explorer really sends (empty body: allprop) stays far below FileAttributesLimitInBytes
        HttpResponse<String> all = send(dav, "PROPFIND", "", null, "Depth", "1", "Translate", "f");
        assertThat(all.statusCode()).isEqualTo(207);
        assertThat(all.body().getBytes(StandardCharsets.UTF_8).length).isLessThan(1_000_000 / 4);
        Element sample = MultiStatus.parse(all)
                .at(Dav.decode(dav.home()) + "file-010.docx")
                .prop(MultiStatus.clark(Win32Props.names()[3]))
                .orElseThrow();
        assertThat(sample.getTextContent()).isEqualTo("00000020");
    }
}
