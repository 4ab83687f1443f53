package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Collector;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.RawHttp;
import org.kiste.testing.TestServer;

/** A space with a quota: writes that would exceed it get 507 and leave nothing behind (RFC 4918 §11.5). */
class QuotaTest {
    private static final long QUOTA = 1000;
    private static final TestServer s = TestServer.get();
    private static Dav dav;

    @BeforeAll
    static void user() {
        String login = "quota" + System.nanoTime() % 1_000_000;
        s.users().add(login, "pw-" + login, false, null, null, QUOTA);
        dav = s.dav(login);
    }

    private static long used() {
        return Long.parseLong(dav.props("", "0", "quota-used-bytes").self().text("quota-used-bytes"));
    }

    private static long available() {
        return Long.parseLong(dav.props("", "0", "quota-available-bytes").self().text("quota-available-bytes"));
    }

    private static void assertAbsent(String path) {
        assertThat(dav.propfind(path, "0", null).statusCode()).as(path).isEqualTo(404);
        assertThat(dav.get(path).statusCode()).as(path).isEqualTo(404);
    }

    @Test
    void writesBeyondTheQuotaAre507AndStoreNothing() throws Exception {
        assertThat(dav.put("first.bin", "a".repeat(600)).statusCode()).isEqualTo(201);
        assertThat(used()).isEqualTo(600);
        assertThat(available()).isEqualTo(400);

        // announced length over the quota
        HttpResponse<String> tooBig = dav.put("second.bin", "b".repeat(600));
        assertThat(tooBig.statusCode()).isEqualTo(507);
        assertAbsent("second.bin");
        assertThat(used()).isEqualTo(600);

        // no announced length: the stream is cut off when it passes the quota
        byte[] chunked = "c".repeat(600).getBytes();
        HttpRequest req = dav.request("PUT", dav.url("chunked.bin"), null)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(chunked)))
                .build();
        HttpResponse<String> r = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(507);
        assertAbsent("chunked.bin");
        assertThat(used()).isEqualTo(600);
        assertNoPartialUploads();

        // replacing counts the old bytes as free
        assertThat(dav.put("first.bin", "d".repeat(900)).statusCode()).isEqualTo(204);
        assertThat(used()).isEqualTo(900);
        // a failed replacement keeps the old content
        assertThat(dav.put("first.bin", "e".repeat(1001)).statusCode()).isEqualTo(507);
        assertThat(dav.get("first.bin").body()).isEqualTo("d".repeat(900));
        assertThat(used()).isEqualTo(900);

        // COPY counts too
        assertThat(dav.copy("first.bin", "copy.bin").statusCode()).isEqualTo(507);
        assertAbsent("copy.bin");

        // up to the limit exactly, then not one byte more
        assertThat(dav.put("fill.bin", "f".repeat(100)).statusCode()).isEqualTo(201);
        assertThat(used()).isEqualTo(QUOTA);
        assertThat(available()).isZero();
        assertThat(dav.put("one-more.bin", "g").statusCode()).isEqualTo(507);
        assertAbsent("one-more.bin");
        // empty files and folders cost nothing
        assertThat(dav.put("empty.bin", "").statusCode()).isEqualTo(201);
        assertThat(dav.mkcol("dir").statusCode()).isEqualTo(201);
        MultiStatus ms = MultiStatus.parse(dav.propfind("", "1", null));
        assertThat(ms.responses).hasSize(5); // root, first.bin, fill.bin, empty.bin, dir/

        // freeing space makes room again
        assertThat(dav.delete("first.bin").statusCode()).isEqualTo(204);
        assertThat(used()).isEqualTo(100);
        assertThat(dav.put("second.bin", "b".repeat(600)).statusCode()).isEqualTo(201);
        assertThat(used()).isEqualTo(700);
        assertNoPartialUploads();
    }

    /**
     * RFC 4331 §6: a 507 names the {@code quota-not-exceeded} precondition, whichever way the bytes came (announced,
     * chunked with Finder's X-Expected-Entity-Length, COPY), and leaves neither a file nor a staged upload behind.
     * Moves inside the space and empty files made by LOCK cost nothing.
     */
    @Test
    void a507NamesTheQuotaPreconditionAndKeepsEverythingAsItWas() throws Exception {
        String login = "quotacond" + System.nanoTime() % 1_000_000;
        s.users().add(login, "pw-" + login, false, null, null, 100);
        Dav d = s.dav(login);
        assertQuotaNotExceeded(d.put("big.bin", "x".repeat(101)).body());
        RawHttp.Answer finder = RawHttp.sendChunked(
                s.baseUrl,
                "PUT",
                d.home() + "finder.bin",
                d.authorization(),
                List.of(new byte[60], new byte[90]),
                "X-Expected-Entity-Length: 150");
        assertThat(finder.status()).isEqualTo(507);
        assertThat(finder.body()).contains("quota-not-exceeded");
        RawHttp.Answer unannounced = RawHttp.sendChunked(
                s.baseUrl, "PUT", d.home() + "stream.bin", d.authorization(), List.of(new byte[60], new byte[60]));
        assertThat(unannounced.status()).isEqualTo(507);

        assertThat(d.put("fill.bin", "f".repeat(100)).statusCode()).isEqualTo(201);
        assertQuotaNotExceeded(d.copy("fill.bin", "copy.bin").body());
        for (String gone : new String[] {"big.bin", "finder.bin", "stream.bin", "copy.bin"}) {
            assertThat(d.propfind(gone, "0", null).statusCode()).as(gone).isEqualTo(404);
        }
        assertNoPartialUploads();
        assertThat(d.move("fill.bin", "moved.bin").statusCode()).isEqualTo(201);
        assertThat(d.props("", "0", "quota-used-bytes").self().text("quota-used-bytes"))
                .isEqualTo("100");

        // at the limit a LOCK still creates its empty file; content for it is refused and the lock survives
        HttpResponse<String> lock = d.send(
                "LOCK",
                d.url("new.txt"),
                "<?xml version=\"1.0\"?><d:lockinfo xmlns:d=\"DAV:\">"
                        + "<d:lockscope><d:exclusive/></d:lockscope><d:locktype><d:write/></d:locktype></d:lockinfo>");
        assertThat(lock.statusCode()).isEqualTo(201);
        String token = lock.headers().firstValue("Lock-Token").orElseThrow();
        assertQuotaNotExceeded(d.put("new.txt", "x", "If", "(" + token + ")").body());
        assertThat(d.get("new.txt").body()).isEmpty();
        assertThat(d.props("new.txt", "0", "lockdiscovery").body).contains(token.substring(1, token.length() - 1));
    }

    private static void assertQuotaNotExceeded(String body) {
        org.w3c.dom.Element root = MultiStatus.dom(body).getDocumentElement();
        assertThat(root.getNamespaceURI() + root.getLocalName()).as(body).isEqualTo("DAV:error");
        assertThat(MultiStatus.children(root, "quota-not-exceeded")).as(body).hasSize(1);
    }

    /** A refused upload leaves its bytes to the garbage collector, which finds them all. */
    private static void assertNoPartialUploads() throws IOException {
        Collector.collectNow(s);
        Path tmp = s.backend.config().blobDir().resolve("tmp");
        if (Files.isDirectory(tmp)) {
            try (Stream<Path> parts = Files.list(tmp)) {
                assertThat(parts.map(p -> p.getFileName().toString()))
                        .as("staged uploads left in " + tmp)
                        .isEmpty();
            }
        }
    }
}
