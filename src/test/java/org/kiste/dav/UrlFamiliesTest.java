package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/** The three URL families reach one tree; what needs a login and what does not; the collections above the trees. */
class UrlFamiliesTest {
    private static final TestServer s = TestServer.get();
    /** One login for the class (bcrypt runs once); tests work in their own folders or on read-only state. */
    private static Dav me;

    private static Dav other;

    @BeforeAll
    static void users() {
        me = s.dav(s.newUser("urls"));
        other = s.dav(s.newUser("neighbour"));
        other.put("private.txt", "mine");
        other.mkcol("folder");
    }

    @Test
    void allThreeFamiliesReachTheSameTree() {
        Dav dav = me;
        assertThat(dav.put("via-files.txt", "one").statusCode()).isEqualTo(201);
        assertThat(dav.send("PUT", dav.at("/remote.php/webdav/via-webdav.txt"), "two")
                        .statusCode())
                .isEqualTo(201);
        assertThat(dav.send("PUT", dav.at("/dav/via-dav.txt"), "three").statusCode())
                .isEqualTo(201);

        for (String prefix : new String[] {"/remote.php/dav/files/" + dav.login, "/remote.php/webdav", "/dav"}) {
            assertThat(dav.send("GET", dav.at(prefix + "/via-files.txt"), null).body())
                    .isEqualTo("one");
            assertThat(dav.send("GET", dav.at(prefix + "/via-webdav.txt"), null).body())
                    .isEqualTo("two");
            assertThat(dav.send("GET", dav.at(prefix + "/via-dav.txt"), null).body())
                    .isEqualTo("three");
            HttpResponse<String> r =
                    dav.send("PROPFIND", dav.at(prefix + "/"), MultiStatus.propBody("getetag"), "Depth", "1");
            MultiStatus ms = MultiStatus.parse(r);
            // hrefs come back in the family the request used
            assertThat(ms.hrefs()).allMatch(h -> h.startsWith(prefix + "/"));
            assertThat(ms.paths())
                    .contains(
                            prefix + "/",
                            prefix + "/via-files.txt",
                            prefix + "/via-webdav.txt",
                            prefix + "/via-dav.txt");
        }
        // one etag, whichever way the file is reached
        String etag = dav.etag("via-dav.txt");
        assertThat(dav.send("GET", dav.at("/dav/via-dav.txt"), null).headers().firstValue("ETag"))
                .hasValue("\"" + etag + "\"");
        assertThat(dav.send("GET", dav.at("/remote.php/webdav/via-dav.txt"), null)
                        .headers()
                        .firstValue("ETag"))
                .hasValue("\"" + etag + "\"");
    }

    @Test
    void familyRootsWithoutTrailingSlashAreTheUserRoot() {
        Dav dav = me;
        dav.put("x.txt", "x");
        for (String root : new String[] {"/remote.php/dav/files/" + dav.login, "/remote.php/webdav", "/dav"}) {
            HttpResponse<String> r = dav.send("PROPFIND", dav.at(root), null, "Depth", "1");
            assertThat(r.statusCode()).as(root).isEqualTo(207);
            MultiStatus ms = MultiStatus.parse(r);
            assertThat(ms.self().href()).isEqualTo(root + "/");
            assertThat(ms.paths()).contains(root + "/x.txt");
        }
    }

    @Test
    void optionsNeedsNoLoginAnywhere() {
        Dav anon = me.anonymous();
        for (String p : new String[] {
            "/",
            "/remote.php/",
            "/remote.php",
            "/remote.php/dav/",
            "/remote.php/dav/files/",
            "/remote.php/dav/files/" + anon.login + "/",
            "/remote.php/dav/files/" + anon.login + "/missing/file.txt",
            "/remote.php/dav/files/nobody-here/x",
            "/remote.php/webdav/",
            "/remote.php/webdav/a/b",
            "/dav",
            "/dav/",
            "/dav/some/where.txt"
        }) {
            HttpResponse<String> r = anon.send("OPTIONS", anon.at(p), null);
            assertThat(r.statusCode()).as("OPTIONS " + p).isEqualTo(200);
            assertThat(r.headers().firstValue("DAV")).as("DAV header on " + p).isPresent();
            assertThat(r.headers().firstValue("Allow").orElse(""))
                    .as("Allow on " + p)
                    .contains("PROPFIND");
        }
    }

    @Test
    void rootPageIsHtmlAndNeverAsksForALogin() {
        Dav anon = s.anonymous();
        HttpResponse<String> r = anon.send("GET", anon.at("/"), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(r.body()).contains("Kiste").contains("/remote.php/dav/files/");
        assertThat(anon.send("HEAD", anon.at("/"), null).statusCode()).isEqualTo(200);
        // a wrong login does not turn the page into a 401 either
        Dav wrong = me.withPassword("wrong");
        assertThat(wrong.send("GET", wrong.at("/"), null).statusCode()).isEqualTo(200);
    }

    @Test
    void healthNeedsNoLogin() {
        Dav anon = s.anonymous();
        HttpResponse<String> r = anon.send("GET", anon.at("/health"), null);
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void everythingUnderRemotePhpAndDavAsksAnonymousClientsToLogIn() {
        Dav owner = me;
        owner.put("secret.txt", "secret");
        Dav anon = owner.anonymous();
        String[][] cases = {
            {"GET", "/remote.php/dav/files/" + owner.login + "/secret.txt"},
            {"PROPFIND", "/remote.php/dav/files/" + owner.login + "/"},
            {"PUT", "/remote.php/dav/files/" + owner.login + "/new.txt"},
            {"DELETE", "/remote.php/dav/files/" + owner.login + "/secret.txt"},
            {"MKCOL", "/remote.php/dav/files/" + owner.login + "/dir"},
            {"GET", "/remote.php/webdav/secret.txt"},
            {"PROPFIND", "/remote.php/webdav/"},
            {"GET", "/dav/secret.txt"},
            {"PROPFIND", "/dav/"},
            {"PROPFIND", "/dav"},
            {"GET", "/remote.php/"},
            {"GET", "/remote.php/dav/"},
            {"PROPFIND", "/remote.php/dav/files/"},
            {"GET", "/remote.php/something-else"},
            {"PROPFIND", "/"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = anon.send(c[0], anon.at(c[1]), c[0].equals("PUT") ? "x" : null, "Depth", "0");
            assertThat(r.statusCode()).as(c[0] + " " + c[1]).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate").orElse(""))
                    .as(c[0] + " " + c[1])
                    .startsWith("Basic ")
                    .contains("realm=");
        }
        assertThat(owner.get("secret.txt").body()).isEqualTo("secret");
        assertThat(owner.get("new.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void propfindAboveTheTreesListsOnlyTheUsersOwnEntry() {
        Dav dav = me;

        MultiStatus root = MultiStatus.parse(dav.send("PROPFIND", dav.at("/"), null, "Depth", "1"));
        assertThat(root.paths()).containsExactly("/", "/remote.php/");

        // Windows walks every parent of a mapped folder
        MultiStatus remote = MultiStatus.parse(dav.send("PROPFIND", dav.at("/remote.php/"), null, "Depth", "1"));
        assertThat(remote.paths()).containsExactly("/remote.php/", "/remote.php/dav/", "/remote.php/webdav/");

        MultiStatus davRoot = MultiStatus.parse(dav.send("PROPFIND", dav.at("/remote.php/dav/"), null, "Depth", "1"));
        assertThat(davRoot.paths()).containsExactly("/remote.php/dav/", "/remote.php/dav/files/");

        MultiStatus files =
                MultiStatus.parse(dav.send("PROPFIND", dav.at("/remote.php/dav/files/"), null, "Depth", "1"));
        assertThat(files.paths()).containsExactly("/remote.php/dav/files/", "/remote.php/dav/files/" + dav.login + "/");
        assertThat(files.body).doesNotContain(other.login);
        assertThat(files.at("/remote.php/dav/files/" + dav.login + "/").prop(MultiStatus.clark("resourcetype")))
                .hasValueSatisfying(e -> assertThat(
                                e.getElementsByTagNameNS("DAV:", "collection").getLength())
                        .isEqualTo(1));

        for (String p : new String[] {"/", "/remote.php/dav/", "/remote.php/dav/files/"}) {
            MultiStatus ms = MultiStatus.parse(dav.send("PROPFIND", dav.at(p), null, "Depth", "0"));
            assertThat(ms.paths()).as(p).containsExactly(p);
        }
    }

    @Test
    void anotherUsersTreeIsAnsweredExactlyAsIfItDidNotExist() {
        Dav owner = other;
        String victim = other.login;
        Dav intruder = me;

        String existing = "/remote.php/dav/files/" + victim + "/private.txt";
        String missingInVictim = "/remote.php/dav/files/" + victim + "/no-such-file.txt";
        String noSuchUser = "/remote.php/dav/files/no-such-user-" + System.nanoTime() + "/private.txt";
        String[] methods = {"GET", "HEAD", "PROPFIND", "PROPPATCH", "PUT", "DELETE", "MKCOL", "MOVE", "COPY"};
        for (String m : methods) {
            HttpResponse<String> a = probe(intruder, m, existing);
            HttpResponse<String> b = probe(intruder, m, missingInVictim);
            HttpResponse<String> c = probe(intruder, m, noSuchUser);
            assertThat(a.statusCode()).as(m + " on another user's file").isEqualTo(404);
            assertThat(b.statusCode()).as(m).isEqualTo(404);
            assertThat(c.statusCode()).as(m).isEqualTo(404);
            assertThat(a.body()).as(m + " body").isEqualTo(c.body()).isEqualTo(b.body());
            assertThat(a.headers().firstValue("Content-Type"))
                    .isEqualTo(c.headers().firstValue("Content-Type"));
        }
        HttpResponse<String> folder = probe(intruder, "PROPFIND", "/remote.php/dav/files/" + victim + "/");
        assertThat(folder.statusCode()).isEqualTo(404);
        assertThat(folder.body()).doesNotContain("private.txt");

        assertThat(owner.get("private.txt").body()).isEqualTo("mine");
        MultiStatus ms = MultiStatus.parse(owner.propfind("", "1", null));
        assertThat(ms.paths())
                .containsExactlyInAnyOrder(
                        "/remote.php/dav/files/" + victim + "/",
                        "/remote.php/dav/files/" + victim + "/private.txt",
                        "/remote.php/dav/files/" + victim + "/folder/");
    }

    private static HttpResponse<String> probe(Dav dav, String method, String path) {
        return switch (method) {
            case "PUT" -> dav.send(method, dav.at(path), "overwritten");
            case "PROPFIND" -> dav.send(method, dav.at(path), null, "Depth", "1");
            case "PROPPATCH" ->
                dav.send(
                        method,
                        dav.at(path),
                        "<?xml version=\"1.0\"?><d:propertyupdate xmlns:d=\"DAV:\">"
                                + "<d:set><d:prop><x:p xmlns:x=\"urn:x\">v</x:p></d:prop></d:set></d:propertyupdate>");
            case "MOVE", "COPY" -> dav.send(method, dav.at(path), null, "Destination", dav.url("stolen.txt"));
            default -> dav.send(method, dav.at(path), null);
        };
    }
}
