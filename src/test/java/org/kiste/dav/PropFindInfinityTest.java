package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.text.Normalizer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kiste.audit.AuditLog;
import org.kiste.model.Role;
import org.kiste.model.Share;
import org.kiste.model.Subject;
import org.kiste.testing.Dav;
import org.kiste.testing.Links;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * PROPFIND Depth: infinity (and without a Depth header, RFC 4918 §9.1) over real HTTP: every entry of a files tree
 * with its href below the one the client sent, the properties each entry has on its own, the mounts of the user's
 * tree; refused with {@code propfind-finite-depth} through public links and on the collections above the user trees.
 */
class PropFindInfinityTest {
    private static final String FILEID = "{http://owncloud.org/ns}fileid";
    private static final String ETAG = "{DAV:}getetag";
    private final TestServer ts = TestServer.get();
    private final Links links = new Links(ts);

    private static Dav tree(Dav dav) {
        dav.mkcol("Tree");
        dav.mkcol("Tree/a%20b");
        dav.mkcol("Tree/a%20b/deep");
        dav.mkcol("Tree/empty");
        dav.put("Tree/top.txt", "top");
        dav.put("Tree/a%20b/x.txt", "x");
        dav.put("Tree/a%20b/deep/y.txt", "y");
        return dav;
    }

    private static List<String> below(String base) {
        return List.of(
                base,
                base + "a%20b/",
                base + "a%20b/deep/",
                base + "a%20b/deep/y.txt",
                base + "a%20b/x.txt",
                base + "empty/",
                base + "top.txt");
    }

    @Test
    void depthInfinityListsEveryEntryWithItsHrefBelowTheOneSent() {
        Dav dav = tree(ts.dav(ts.newUser("inf")));
        String base = dav.home() + "Tree/";

        HttpResponse<String> r = dav.propfind("Tree", "infinity", null);
        MultiStatus ms = MultiStatus.parse(r);
        assertThat(ms.httpStatus).isEqualTo(207);
        assertThat(ms.hrefs()).containsExactlyInAnyOrderElementsOf(below(base));
        assertThat(ms.self().href()).isEqualTo(base);
        assertThat(r.body()).endsWith("</d:multistatus>\n");

        // the same without a trailing slash, and through the other URL families
        assertThat(MultiStatus.parse(dav.send("PROPFIND", dav.url("Tree"), null, "Depth", "infinity"))
                        .hrefs())
                .containsExactlyInAnyOrderElementsOf(below(base));
        String webdav = "/remote.php/webdav" + dav.rel() + "Tree/";
        assertThat(MultiStatus.parse(dav.send("PROPFIND", dav.at(webdav), null, "Depth", "infinity"))
                        .hrefs())
                .containsExactlyInAnyOrderElementsOf(below(webdav));
    }

    @Test
    void noDepthHeaderMeansInfinity() {
        Dav dav = tree(ts.dav(ts.newUser("inh")));
        HttpResponse<String> r = dav.send("PROPFIND", dav.url("Tree/"), null);
        assertThat(MultiStatus.parse(r).hrefs()).containsExactlyInAnyOrderElementsOf(below(dav.home() + "Tree/"));
    }

    @Test
    void eachEntryCarriesTheSamePropertiesAsItsOwnDepthZeroAnswer() {
        Dav dav = tree(ts.dav(ts.newUser("inp")));
        dav.proppatch(
                "Tree/a%20b/deep/y.txt",
                "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\" xmlns:z=\"urn:z\"><d:set><d:prop>"
                        + "<z:colour>blue</z:colour></d:prop></d:set></d:propertyupdate>");
        String body = MultiStatus.propBody(FILEID, ETAG, "{DAV:}getcontentlength", "{urn:z}colour");
        MultiStatus all = MultiStatus.parse(dav.propfind("Tree", "infinity", body));
        for (String path : List.of("Tree", "Tree/a%20b", "Tree/a%20b/deep", "Tree/a%20b/deep/y.txt", "Tree/top.txt")) {
            MultiStatus.Response own =
                    MultiStatus.parse(dav.propfind(path, "0", body)).self();
            MultiStatus.Response listed = all.responses.stream()
                    .filter(x -> x.href().equals(own.href()))
                    .findFirst()
                    .orElseThrow();
            assertThat(listed.text(FILEID)).as(path).isEqualTo(own.text(FILEID)).isNotEmpty();
            assertThat(listed.text(ETAG)).as(path).isEqualTo(own.text(ETAG)).isNotEmpty();
            assertThat(listed.statusOf("{urn:z}colour")).as(path).isEqualTo(own.statusOf("{urn:z}colour"));
        }
        assertThat(all.at(Dav.decode(dav.home()) + "Tree/a b/deep/y.txt").text("{urn:z}colour"))
                .isEqualTo("blue");
    }

    @Test
    void aDecomposedNameKeepsTheFormTheClientSent() {
        Dav dav = ts.dav(ts.newUser("inn"));
        String nfc = Normalizer.normalize("Café", Normalizer.Form.NFC);
        String nfd = Normalizer.normalize("Café", Normalizer.Form.NFD);
        dav.mkcol(Dav.enc(nfc));
        dav.put(Dav.enc(nfc) + "/in.txt", "x");
        MultiStatus ms = MultiStatus.parse(dav.propfind(Dav.enc(nfd), "infinity", null));
        String base = dav.home() + Dav.enc(nfd) + "/";
        assertThat(ms.hrefs()).containsExactlyInAnyOrder(base, base + "in.txt");
    }

    @Test
    void theUsersRootListsTheTeamFoldersMountedInIt() {
        String login = ts.newUser("int");
        String group = "g" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        ts.backend.groups().add(AuditLog.ADMIN_CLI, group, null);
        ts.backend.groups().addMember(AuditLog.ADMIN_CLI, group, login);
        String team = "Team " + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        ts.backend.teamFolders().create(AuditLog.ADMIN_CLI, team, -1);
        ts.backend.teamFolders().grant(AuditLog.ADMIN_CLI, team, Subject.Type.GROUP, group, Role.EDITOR);
        Dav dav = ts.dav(login);
        assertThat(dav.mkcol(Dav.enc(team) + "/plans").statusCode()).isEqualTo(201);
        assertThat(dav.put(Dav.enc(team) + "/plans/p.txt", "p").statusCode()).isEqualTo(201);
        dav.put("own.txt", "o");

        MultiStatus ms = MultiStatus.parse(dav.propfind("", "infinity", null));
        String root = dav.home();
        String mount = root + Dav.enc(team) + "/";
        assertThat(ms.hrefs())
                .contains(root, root + "own.txt", mount, mount + "plans/", mount + "plans/p.txt")
                .doesNotHaveDuplicates();
    }

    @Test
    void aTreeNestedDeeperThan256LevelsIsListedOneLevelAtATime() {
        Dav dav = ts.dav(ts.newUser("ind"));
        StringBuilder path = new StringBuilder("Deep");
        dav.mkcol(path.toString());
        for (int i = 0; i < 257; i++) {
            path.append("/d");
            assertThat(dav.mkcol(path.toString()).statusCode()).isEqualTo(201);
        }
        HttpResponse<String> r = dav.propfind("Deep", "infinity", null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("<d:propfind-finite-depth/>");
        // one level less is listed whole
        assertThat(MultiStatus.parse(dav.propfind("Deep/d", "infinity", null)).hrefs())
                .hasSize(257);
    }

    @Test
    void aFileAnswersForItselfAlone() {
        Dav dav = tree(ts.dav(ts.newUser("inf")));
        MultiStatus ms = MultiStatus.parse(dav.propfind("Tree/top.txt", "infinity", null));
        assertThat(ms.hrefs()).containsExactly(dav.home() + "Tree/top.txt");
    }

    @Test
    void collectionsAboveTheUserTreesAreListedOneLevelAtATime() {
        Dav dav = ts.dav(ts.newUser("inv"));
        for (String url : List.of(dav.at("/remote.php/dav/files/"), dav.at("/"), dav.at("/remote.php/dav/"))) {
            HttpResponse<String> r = dav.send("PROPFIND", url, null, "Depth", "infinity");
            assertThat(r.statusCode()).as(url).isEqualTo(403);
            assertThat(r.body()).as(url).contains("<d:propfind-finite-depth/>");
            assertThat(dav.send("PROPFIND", url, null).statusCode()).as(url).isEqualTo(403);
            assertThat(dav.send("PROPFIND", url, null, "Depth", "1").statusCode())
                    .as(url)
                    .isEqualTo(207);
        }
        assertThat(dav.propfind("", "2", null).statusCode()).isEqualTo(400);
    }

    @Test
    void aPublicLinkKeepsRefusingInfinity() {
        String owner = ts.newUser("inl");
        Dav dav = tree(ts.dav(owner));
        Share link = links.create(owner, "/Tree", Links.READ_WRITE, "link-pass-inf");
        Dav visitor = new Dav(ts.baseUrl, "anonymous", "link-pass-inf");
        String b = ts.baseUrl + "/public.php/dav/files/" + link.token() + "/";
        for (String url : List.of(b, b + "a%20b/", b + "top.txt")) {
            HttpResponse<String> r = visitor.send("PROPFIND", url, null, "Depth", "infinity");
            assertThat(r.statusCode()).as(url).isEqualTo(403);
            assertThat(r.body()).as(url).contains("<d:propfind-finite-depth/>");
            assertThat(visitor.send("PROPFIND", url, null).statusCode()).as(url).isEqualTo(403);
        }
        assertThat(MultiStatus.parse(visitor.send("PROPFIND", b, null, "Depth", "1"))
                        .hrefs())
                .hasSize(4);
        // the owner lists the same folder whole
        assertThat(MultiStatus.parse(dav.propfind("Tree", "infinity", null)).hrefs())
                .hasSize(7);
    }
}
