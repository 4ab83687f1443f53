package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kiste.Backend;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.testing.TestDatabase;

/**
 * The blob directory on a real 5 MiB file system (tmpfs, which needs root: the test is skipped without it): a PUT
 * that fills the disk mid-body answers 507 with the {@code sufficient-disk-space} condition, leaves no partial
 * bytes behind, and a small PUT afterwards works.
 */
class DiskFullTest {

    /** What a test does against a server whose blob directory is a tmpfs of its own. */
    private interface OnSmallDisk {
        void run(Path mount, String base, String auth, HttpClient http) throws Exception;
    }

    private static void onSmallDisk(String size, OnSmallDisk test) throws Exception {
        Path mount = TestDatabase.tempDir("kiste-diskfull-");
        Assumptions.assumeTrue(
                run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mount.toString()) == 0,
                "mounting a tmpfs needs root");
        Path data = TestDatabase.tempDir("kiste-diskfull-data-");
        Map<String, String> s = TestDatabase.isolatedSettings(data);
        s.put("blob.dir", mount.toString());
        s.put("port", "0");
        s.put("bind", "127.0.0.1");
        s.put("blob.inline-max", "0"); // small files too go to the disk under test, not into their rows
        try {
            Backend backend = Backend.open(KisteConfig.from(new Settings(s, Map.of())), false);
            KisteServer server = new KisteServer(backend);
            try {
                server.start();
                backend.users().add("full", "pw-full", false, null, null, -1);
                String base = "http://127.0.0.1:" + server.port() + "/remote.php/dav/files/full/";
                String auth =
                        "Basic " + Base64.getEncoder().encodeToString("full:pw-full".getBytes(StandardCharsets.UTF_8));
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build();
                test.run(mount, base, auth, http);
            } finally {
                server.stop();
                backend.close();
            }
        } finally {
            run("umount", mount.toString());
        }
    }

    /**
     * The disk is asked before a body is received and while it is written, not again once its bytes are stored: an
     * upload of more than half the room left, and a copy of it (which adds no bytes), were refused with 507.
     */
    @Test
    void anUploadOfMoreThanHalfTheRoomLeftAndItsCopyAreTaken() throws Exception {
        onSmallDisk("12m", (mount, base, auth, http) -> {
            HttpResponse<String> put = http.send(
                    HttpRequest.newBuilder(URI.create(base + "big.bin"))
                            .header("Authorization", auth)
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[8 << 20]))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            HttpResponse<String> copy = http.send(
                    HttpRequest.newBuilder(URI.create(base + "big.bin"))
                            .header("Authorization", auth)
                            .header("Destination", base + "copy.bin")
                            .method("COPY", HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(copy.statusCode()).as(copy.body()).isEqualTo(201);
        });
    }

    @Test
    void aFullDiskAnswers507AndKeepsNothingPartial() throws Exception {
        onSmallDisk("5m", (mount, base, auth, http) -> {
            // two bodies of 4 MiB at once, without Content-Length: each fits the room the server sees when it
            // starts, together they do not, so one of them fills the disk while it is written (ENOSPC)
            var first = http.sendAsync(fourMiB(base + "a.bin", auth), HttpResponse.BodyHandlers.ofString());
            var second = http.sendAsync(fourMiB(base + "b.bin", auth), HttpResponse.BodyHandlers.ofString());
            List<HttpResponse<String>> answers =
                    List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS));
            List<HttpResponse<String>> refused =
                    answers.stream().filter(r -> r.statusCode() == 507).toList();
            assertThat(refused).as("answers %s", answers).isNotEmpty();
            for (HttpResponse<String> r : refused) {
                assertThat(r.body()).contains("sufficient-disk-space").doesNotContain("Exception");
            }
            // nothing partial stays: no part file, and every blob left is whole (a body written in full whose
            // transaction then found no room answers 507 too; its blob, named by no row, goes with the collector)
            try (Stream<Path> files = Files.walk(mount)) {
                List<Path> left = files.filter(Files::isRegularFile).toList();
                assertThat(left)
                        .as("files left on the full disk; answers %s", answers)
                        .allSatisfy(p -> {
                            assertThat(p.getFileName().toString()).doesNotEndWith(".part");
                            assertThat(Files.size(p)).isEqualTo(FOUR_MIB);
                        });
            }
            HttpResponse<String> small = http.send(
                    HttpRequest.newBuilder(URI.create(base + "small.txt"))
                            .header("Authorization", auth)
                            .PUT(HttpRequest.BodyPublishers.ofString("fits"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(small.statusCode()).isEqualTo(201);
        });
    }

    private static final int FOUR_MIB = 4 << 20;

    private static HttpRequest fourMiB(String url, String auth) {
        byte[] chunk = new byte[64 << 10];
        return HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", auth)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
                    private int left = FOUR_MIB;

                    @Override
                    public int read() {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (left == 0) {
                            return -1;
                        }
                        int n = Math.min(Math.min(len, left), chunk.length);
                        System.arraycopy(chunk, 0, b, off, n);
                        left -= n;
                        return n;
                    }
                }))
                .timeout(Duration.ofSeconds(60))
                .build();
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
