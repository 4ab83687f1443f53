package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.RawHttp;
import org.kiste.testing.TestServer;

/**
 * {@code .}, {@code ..}, {@code %2e%2e}, encoded slashes and NUL in request paths or Destination headers never
 * leave the user's tree and never reach the disk: they are refused with 4xx, and the blob directory only ever
 * holds content-addressed hex files.
 */
class PathSafetyTest {
    private static final TestServer s = TestServer.get();
    private static final String SECRET = "their-secret-content";
    private static Dav me;
    private static Dav victim;

    @BeforeAll
    static void users() {
        me = s.dav(s.newUser("trav"));
        victim = s.dav(s.newUser("travvictim"));
        victim.put("private.txt", SECRET);
        me.mkcol("sub");
        me.put("sub/mine.txt", "mine");
    }

    private static List<String> escapes() {
        String v = victim.login;
        return List.of(
                "/../" + v + "/private.txt",
                "/sub/../../" + v + "/private.txt",
                "/%2e%2e/" + v + "/private.txt",
                "/sub/%2e%2e/%2e%2e/" + v + "/private.txt",
                "/%2E%2E/%2E%2E/%2E%2E/escape.txt",
                "/..%2F" + v + "%2Fprivate.txt",
                "/sub%2F..%2F..%2F" + v + "%2Fprivate.txt",
                "/%2e%2e%2f%2e%2e%2fescape.txt",
                "/sub/..%2f..%2f..%2f..%2fescape.txt",
                "/a%00b.txt",
                "/escape.txt%00.jpg",
                "/%00",
                "/sub/%2e",
                "/sub/./%2e/escape.txt",
                "/..",
                "/%2e%2e",
                "/.%2e/escape.txt",
                "/sub/%252e%252e/../../escape.txt");
    }

    @Test
    void traversalInRequestPathsIsRefusedForEveryMethod() throws IOException {
        String[] methods = {"GET", "PUT", "PROPFIND", "MKCOL", "DELETE", "PROPPATCH", "MOVE", "COPY"};
        String[] prefixes = {"/remote.php/dav/files/" + me.login, "/remote.php/webdav", "/dav"};
        for (String prefix : prefixes) {
            for (String rest : escapes()) {
                for (String m : methods) {
                    String body = switch (m) {
                        case "PUT" -> "escaped!";
                        case "PROPPATCH" -> PropPatchTest.set("<x:a xmlns:x=\"urn:a\">1</x:a>");
                        default -> null;
                    };
                    RawHttp.Answer a = RawHttp.send(
                            me.baseUrl,
                            m,
                            prefix + rest,
                            me.authorization(),
                            body,
                            "Depth: 0",
                            "Destination: " + me.home() + "copied.txt");
                    assertThat(a.status()).as(m + " " + prefix + rest).isBetween(400, 499);
                    assertThat(a.body()).as(m + " " + prefix + rest).doesNotContain(SECRET);
                }
            }
        }
        assertUntouched();
    }

    @Test
    void traversalInDestinationHeadersIsRefused() throws IOException {
        String[] prefixes = {
            me.home().substring(0, me.home().length() - 1),
            "/remote.php/webdav",
            "/dav",
            me.baseUrl + "/remote.php/dav/files/" + me.login
        };
        for (String method : new String[] {"COPY", "MOVE"}) {
            for (String prefix : prefixes) {
                for (String rest : escapes()) {
                    RawHttp.Answer a = RawHttp.send(
                            me.baseUrl,
                            method,
                            me.home() + "sub/mine.txt",
                            me.authorization(),
                            null,
                            "Destination: " + prefix + rest);
                    assertThat(a.status()).as(method + " → " + prefix + rest).isBetween(400, 499);
                }
            }
        }
        assertThat(me.get("sub/mine.txt").body()).isEqualTo("mine");
        assertUntouched();
    }

    @Test
    void dotSegmentsInsideTheTreeDoNotReachOtherFiles() {
        // a ".." that would stay inside the tree is refused too: names are never resolved by string arithmetic
        RawHttp.Answer a = RawHttp.send(me.baseUrl, "GET", me.home() + "sub/../sub/mine.txt", me.authorization(), null);
        assertThat(a.status()).isIn(200, 400, 404);
        if (a.status() == 200) {
            assertThat(a.body()).isEqualTo("mine");
        }
    }

    private static void assertUntouched() throws IOException {
        assertThat(victim.get("private.txt").body()).isEqualTo(SECRET);
        MultiStatus theirs = MultiStatus.parse(victim.propfind("", "1", null));
        assertThat(theirs.responses).hasSize(2);
        MultiStatus mine = MultiStatus.parse(me.propfind("", "1", null));
        assertThat(mine.paths()).containsExactlyInAnyOrder(me.home(), me.home() + "sub/");
        MultiStatus sub = MultiStatus.parse(me.propfind("sub", "1", null));
        assertThat(sub.paths()).containsExactlyInAnyOrder(me.home() + "sub/", me.home() + "sub/mine.txt");

        // nothing named after a request reached the disk: the blob store holds only hex keys, under aa/bb/ or as
        // uploads in progress (or left for the garbage collector) in tmp/
        Path blobs = s.backend.config().blobDir();
        try (Stream<Path> all = Files.walk(blobs)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                Path rel = blobs.relativize(p);
                assertThat(rel.toString().replace('\\', '/'))
                        .as("blob file")
                        .matches("[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{32}" + "|tmp/[0-9a-f]{32}\\.part");
            }
        }
        Path data = s.dataDir;
        for (Path dir : new Path[] {data, data.getParent()}) {
            try (Stream<Path> all = Files.walk(dir, dir.equals(data) ? Integer.MAX_VALUE : 1)) {
                assertThat(all.map(p ->
                                p.getFileName() == null ? "" : p.getFileName().toString()))
                        .as("files next to the data directory")
                        .noneMatch(n -> n.startsWith("escape.txt") || n.equals("copied.txt"));
            }
        }
    }
}
