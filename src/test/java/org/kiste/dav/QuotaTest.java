package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
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
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(chunked))).build();
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
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

    private static void assertNoPartialUploads() throws IOException {
        Path tmp = s.backend.config().blobDir().resolve("tmp");
        if (Files.isDirectory(tmp)) {
            try (Stream<Path> parts = Files.list(tmp)) {
                assertThat(parts.map(p -> p.getFileName().toString())).as("staged uploads left in " + tmp).isEmpty();
            }
        }
    }
}
