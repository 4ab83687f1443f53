package org.kiste.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.DavLocks;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.OcsShares;
import org.kiste.testing.TestServer;
import org.kiste.testing.VersionsDav;
import org.w3c.dom.Element;

/**
 * Microsoft Office opening, editing and saving a document over WebDAV (clients.md §2): a root OPTIONS, a LOCK
 * held for the whole session and refreshed, saves with the token, Win32 PROPPATCHes without it.
 */
class MsOfficeReplayTest {
    private static final String UA = "Microsoft Data Access Internet Publishing Provider DAV";
    private static final String MAC_UA = "Microsoft Office";
    private static final String OC = "{http://owncloud.org/ns}";
    private static final String FAVOURITE = "<d:propertyupdate xmlns:d=\"DAV:\" xmlns:oc=\"http://owncloud.org/ns\">"
            + "<d:set><d:prop><oc:favorite>1</oc:favorite></d:prop></d:set></d:propertyupdate>";
    private static final TestServer s = TestServer.get();
    private static Dav me;

    @BeforeAll
    static void user() {
        me = s.dav(s.newUser("office"));
    }

    private static HttpResponse<String> send(Dav dav, String method, String path, String body, String... headers) {
        return dav.sendAs(UA, method, path, body, headers);
    }

    @Test
    void openEditSaveClose() {
        Dav dav = me.in("edit");
        dav.put("Budget.xlsx", "version 1");

        // Office asks the server root, whatever the document URL, and needs MS-Author-Via there
        HttpResponse<String> options = s.anonymous().send("OPTIONS", s.baseUrl + "/", null, "User-Agent", UA);
        assertThat(options.statusCode()).isEqualTo(200);
        assertThat(options.headers().firstValue("MS-Author-Via")).hasValue("DAV");
        assertThat(options.headers().firstValue("Content-Length")).hasValue("0");
        assertThat(send(dav, "HEAD", "", null).statusCode())
                .as("HEAD on the folder")
                .isEqualTo(200);
        assertThat(send(dav, "HEAD", "Budget.xlsx", null).statusCode()).isEqualTo(200);

        // Office for Mac: Depth 0, Translate: f, Brief: t, the properties it needs to decide read-write
        HttpResponse<String> pf = dav.send(
                "PROPFIND",
                dav.url("Budget.xlsx"),
                MultiStatus.propBody(
                        "resourcetype",
                        "getetag",
                        "getcontentlength",
                        "getmodifiedby",
                        "creationdate",
                        "getlastmodified",
                        "lockdiscovery",
                        "supportedlock"),
                "Depth",
                "0",
                "Translate",
                "f",
                "Brief",
                "t",
                "User-Agent",
                MAC_UA,
                "Content-Type",
                "application/xml");
        MultiStatus.Response doc = MultiStatus.parse(pf).self();
        Element supported = doc.prop(MultiStatus.clark("supportedlock")).orElseThrow();
        assertThat(MultiStatus.children(supported, "lockentry")).hasSize(2);
        Element lastModified = doc.prop(MultiStatus.clark("getlastmodified")).orElseThrow();
        assertThat(lastModified.getAttributes().getLength())
                .as("no b:dt attributes")
                .isZero();
        assertThat(lastModified.getTextContent()).endsWith(" GMT");
        assertThat(DavLocks.discovered(doc)).isEmpty();

        HttpResponse<String> lock = send(
                dav,
                "LOCK",
                "Budget.xlsx",
                Win32Props.lockinfo("CONTOSO\\alice"),
                "Content-Type",
                "text/xml",
                "Timeout",
                "Second-3600");
        assertThat(lock.statusCode()).isEqualTo(200);
        String token = DavLocks.tokenOf(lock);
        DavLocks.Active granted = DavLocks.fromLockAnswer(lock.body()).get(0);
        // Office ignores locks under 180 s
        assertThat(granted.seconds()).isGreaterThanOrEqualTo(180);
        assertThat(MultiStatus.children(granted.owner(), "href").get(0).getTextContent())
                .isEqualTo("CONTOSO\\alice");

        HttpResponse<String> get = send(dav, "GET", "Budget.xlsx", null);
        assertThat(get.body()).isEqualTo("version 1");
        // the word-processor owner file next to the document
        assertThat(send(dav, "PUT", Dav.enc("~$Budget.xlsx"), "alice").statusCode())
                .isEqualTo(201);

        assertThat(send(dav, "PUT", "Budget.xlsx", "version 2", "If", "(<" + token + ">)")
                        .statusCode())
                .isEqualTo(204);
        HttpResponse<String> patch = send(
                dav,
                "PROPPATCH",
                "Budget.xlsx",
                Win32Props.proppatch(
                        "Mon, 02 Jan 2023 09:00:00 GMT",
                        "Mon, 02 Jan 2023 09:00:00 GMT",
                        "Mon, 02 Jan 2023 09:00:00 GMT",
                        "00000020"),
                "Content-Type",
                "text/xml");
        for (String n : Win32Props.names()) {
            assertThat(MultiStatus.parse(patch).self().statusOf(n)).as(n).isEqualTo(200);
        }

        HttpResponse<String> refresh =
                send(dav, "LOCK", "Budget.xlsx", null, "If", "(<" + token + ">)", "Timeout", "Second-3600");
        assertThat(refresh.statusCode()).isEqualTo(200);
        assertThat(DavLocks.fromLockAnswer(refresh.body()))
                .extracting(DavLocks.Active::token)
                .containsExactly(token);

        // someone (or something) without the token is still kept out
        DavLocks.assertLockTokenSubmitted(dav.put("Budget.xlsx", "clobbered"), null);

        assertThat(send(dav, "DELETE", Dav.enc("~$Budget.xlsx"), null).statusCode())
                .isEqualTo(204);
        assertThat(send(dav, "UNLOCK", "Budget.xlsx", null, "Lock-Token", "<" + token + ">")
                        .statusCode())
                .isEqualTo(204);
        assertThat(dav.get("Budget.xlsx").body()).isEqualTo("version 2");
        assertThat(dav.get(Dav.enc("~$Budget.xlsx")).statusCode()).isEqualTo(404);
    }

    /**
     * Saving through a mapped drive: the new version is written to a temp file, the locked original is renamed
     * to a backup with the token, the temp file takes the original name, the backup is deleted.
     * (clients.md §2 names the temp and owner files but no exact sequence; this is Word's "safe save".)
     */
    @Test
    void saveViaTempFile() {
        Dav dav = me.in("safe-save");
        dav.put("Letter.docx", "old text");
        String token = DavLocks.tokenOf(send(
                dav,
                "LOCK",
                "Letter.docx",
                Win32Props.lockinfo("CONTOSO\\alice"),
                "Content-Type",
                "text/xml",
                "Timeout",
                "Second-3600"));

        assertThat(send(dav, "PUT", Dav.enc("~WRL0001.tmp"), "new text").statusCode())
                .isEqualTo(201);
        // the rename away from the locked name needs the token ...
        DavLocks.assertLockTokenSubmitted(
                send(dav, "MOVE", "Letter.docx", null, "Destination", dav.url(Dav.enc("~WRL0002.tmp"))),
                Dav.decode(dav.home()) + "Letter.docx");
        assertThat(dav.get("Letter.docx").body()).isEqualTo("old text");
        // ... and works with it
        assertThat(send(
                                dav,
                                "MOVE",
                                "Letter.docx",
                                null,
                                "Destination",
                                dav.url(Dav.enc("~WRL0002.tmp")),
                                "If",
                                "(<" + token + ">)")
                        .statusCode())
                .isEqualTo(201);
        // RFC 4918 §9.9.4: the lock stays behind, so the backup is not locked
        assertThat(DavLocks.discovered(dav, Dav.enc("~WRL0002.tmp"))).isEmpty();
        assertThat(send(dav, "MOVE", Dav.enc("~WRL0001.tmp"), null, "Destination", dav.url("Letter.docx"))
                        .statusCode())
                .isEqualTo(201);
        assertThat(send(dav, "DELETE", Dav.enc("~WRL0002.tmp"), null).statusCode())
                .isEqualTo(204);

        assertThat(dav.get("Letter.docx").body()).isEqualTo("new text");
        assertThat(dav.get(Dav.enc("~WRL0001.tmp")).statusCode()).isEqualTo(404);
        assertThat(dav.get(Dav.enc("~WRL0002.tmp")).statusCode()).isEqualTo(404);
        assertThat(DavLocks.discovered(dav, "Letter.docx")).isEmpty();
        // the old lock went with the renamed original: releasing it now names no lock on the URL
        assertThat(send(dav, "UNLOCK", "Letter.docx", null, "Lock-Token", "<" + token + ">")
                        .statusCode())
                .isEqualTo(409);
        // and the document can be locked again for the next editing session
        HttpResponse<String> relock = send(
                dav,
                "LOCK",
                "Letter.docx",
                Win32Props.lockinfo("CONTOSO\\alice"),
                "Content-Type",
                "text/xml",
                "Timeout",
                "Second-3600");
        assertThat(relock.statusCode()).isEqualTo(200);
        assertThat(send(dav, "UNLOCK", "Letter.docx", null, "Lock-Token", "<" + DavLocks.tokenOf(relock) + ">")
                        .statusCode())
                .isEqualTo(204);
    }

    /**
     * Word's save over the locked document: the new version goes to a temp file, which is then moved over the
     * document with the token. RFC 4918 §9.9 (MOVE): a lock at the destination stays and now covers the moved
     * content. The document stays the same file (id, share, favourite, versions: each save leaves the content it replaced
     * as a version), and a second client with write access is kept out until the editor unlocks.
     */
    @Test
    void saveOverTheLockedDocumentKeepsTheLockAndTheDocument() {
        String bob = s.newUser("office-bob");
        Dav dav = me.in("save-over");
        Dav other = s.dav(bob);
        String doc = Dav.decode(dav.rel()) + "doc.docx";
        assertThat(dav.put("doc.docx", "version 1").statusCode()).isEqualTo(201);
        OcsShares shares = new OcsShares(dav);
        long shareId = shares.create(doc, OcsShares.USER, bob, 3).path("id").asLong();
        assertThat(other.get("doc.docx").body()).isEqualTo("version 1");
        assertThat(dav.proppatch("doc.docx", FAVOURITE).statusCode()).isEqualTo(207);
        String fileId = dav.props("doc.docx", "0", OC + "fileid").self().text(OC + "fileid");

        HttpResponse<String> lock = send(
                dav,
                "LOCK",
                "doc.docx",
                Win32Props.lockinfo("CONTOSO\\alice"),
                "Content-Type",
                "text/xml",
                "Timeout",
                "Second-3600",
                "Depth",
                "0");
        assertThat(lock.statusCode()).isEqualTo(200);
        String token = DavLocks.tokenOf(lock);
        assertThat(send(dav, "PUT", Dav.enc("~WRL0001.tmp"), "version 2").statusCode())
                .isEqualTo(201);
        HttpResponse<String> save = send(
                dav,
                "MOVE",
                Dav.enc("~WRL0001.tmp"),
                null,
                "Destination",
                dav.url("doc.docx"),
                "Overwrite",
                "T",
                "If",
                DavLocks.tagged(dav.url("doc.docx"), token));
        assertThat(save.statusCode()).as(save.body()).isBetween(200, 299);
        assertThat(dav.get("doc.docx").body()).isEqualTo("version 2");
        assertThat(dav.get(Dav.enc("~WRL0001.tmp")).statusCode()).isEqualTo(404);

        // every defect of the save is reported, not only the first
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(save.headers()
                        .firstValue("OC-FileId")
                        .map(h -> h.substring(0, h.indexOf("oc")))
                        .map(Long::valueOf))
                .as("OC-FileId names the kept document")
                .hasValue(Long.valueOf(fileId));
        soft.assertThat(DavLocks.discovered(dav, "doc.docx"))
                .extracting(DavLocks.Active::token)
                .as("the lock stays")
                .containsExactly(token);
        MultiStatus.Response after =
                dav.props("doc.docx", "0", OC + "fileid", OC + "favorite").self();
        soft.assertThat(after.text(OC + "fileid")).as("file id").isEqualTo(fileId);
        soft.assertThat(after.text(OC + "favorite")).as("favourite").isEqualTo("1");
        List<JsonNode> kept = shares.of(doc);
        soft.assertThat(kept).extracting(n -> n.path("id").asLong()).as("share").containsExactly(shareId);

        // the other editor is kept out while the document is open ...
        HttpResponse<String> intruder = other.put("doc.docx", "bob's edit");
        soft.assertThat(intruder.statusCode())
                .as("bob's PUT without the token: %s", intruder.body())
                .isEqualTo(423);
        soft.assertThat(intruder.body()).contains("lock-token-submitted");
        soft.assertThat(dav.get("doc.docx").body()).isEqualTo("version 2");
        // ... the editor keeps saving with the token ...
        soft.assertThat(send(dav, "PUT", "doc.docx", "version 3", "If", DavLocks.ifToken(token))
                        .statusCode())
                .as("the editor's PUT with the token")
                .isBetween(200, 299);
        // ... and closing the document lets the other editor in
        soft.assertThat(send(dav, "UNLOCK", "doc.docx", null, "Lock-Token", "<" + token + ">")
                        .statusCode())
                .as("UNLOCK")
                .isEqualTo(204);
        HttpResponse<String> later = other.put("doc.docx", "bob's edit");
        soft.assertThat(later.statusCode())
                .as("bob's PUT after the UNLOCK: %s", later.body())
                .isBetween(200, 299);
        soft.assertThat(dav.get("doc.docx").body()).isEqualTo("bob's edit");
        // every save left what it replaced as a version of the document
        soft.assertThat(new VersionsDav(dav).contents(Long.parseLong(fileId)))
                .as("versions")
                .containsExactly("version 3", "version 2", "version 1");
        soft.assertAll();
    }
}
