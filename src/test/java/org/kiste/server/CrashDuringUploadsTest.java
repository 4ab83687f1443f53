package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kiste.testing.Dav;
import org.kiste.testing.ServerProcess;
import org.kiste.testing.TestDatabase;

/**
 * kill -9 of the server JVM while eight clients upload (storage notes §5.2, §6): after a restart on the same data
 * directory and database every upload that was answered 2xx reads back byte for byte, no file shows partial
 * content (partial uploads stay in {@code blobs/tmp} for the garbage collector's sweep).
 */
class CrashDuringUploadsTest {
    private static final int THREADS = 8;
    private static final int SMALL = 4 * 1024;
    private static final int LARGE = 3 * 1024 * 1024;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    /** The embedded database always (what scripts/run uses); the MariaDB service too when the tests run on it. */
    @TestFactory
    List<DynamicTest> killedDuringUploads() {
        List<DynamicTest> runs = new ArrayList<>();
        runs.add(DynamicTest.dynamicTest("embedded database", () -> {
            try (ServerProcess server = ServerProcess.embedded(Files.createDirectories(root.resolve("embedded")))) {
                crashAndRecover(server);
            }
        }));
        if (TestDatabase.mode() == TestDatabase.Mode.SERVICE) {
            runs.add(DynamicTest.dynamicTest("MariaDB service", () -> {
                try (ServerProcess server =
                        ServerProcess.onTestDatabase(Files.createDirectories(root.resolve("service")))) {
                    crashAndRecover(server);
                }
            }));
        }
        return runs;
    }

    /** One PUT: what was sent, and what came back before the server died (0: no answer). */
    private static final class Upload {
        final String name;
        final String sha256;
        final boolean beforeKill;
        volatile int status;

        Upload(String name, byte[] body, boolean beforeKill) {
            this.name = name;
            this.sha256 = sha256(body);
            this.beforeKill = beforeKill;
        }

        boolean acknowledged() {
            return status >= 200 && status < 300;
        }

        boolean cutOff() {
            return beforeKill && status == 0;
        }
    }

    private void crashAndRecover(ServerProcess server) throws Exception {
        server.start().awaitHealthy(Duration.ofSeconds(120));
        Dav dav = server.admin();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        long seed = System.nanoTime();
        List<Upload> uploads = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Random rnd = new Random(seed + t);
            clients.add(new Thread(
                    () -> {
                        // each name is written by one thread only, so its versions have a defined order
                        for (int n = 0; !stop.get() && n < 10_000; n++) {
                            String name =
                                    rnd.nextInt(4) == 0 ? "t" + thread + "-again.bin" : "t" + thread + "-" + n + ".bin";
                            byte[] body = new byte[rnd.nextInt(4) == 0 ? LARGE + rnd.nextInt(4096) : SMALL];
                            rnd.nextBytes(body);
                            HttpRequest put = dav.request("PUT", dav.url(name), null)
                                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                                    .timeout(Duration.ofSeconds(30))
                                    .build();
                            inFlight.incrementAndGet();
                            Upload u = new Upload(name, body, !killed.get());
                            uploads.add(u);
                            try {
                                u.status = http.send(put, HttpResponse.BodyHandlers.discarding())
                                        .statusCode();
                                answered.incrementAndGet();
                                if (!u.acknowledged()) {
                                    unexpected.add(name + ": " + u.status);
                                }
                            } catch (IOException e) {
                                if (!killed.get()) {
                                    unexpected.add(name + ": " + e);
                                }
                            } catch (InterruptedException e) {
                                return;
                            } finally {
                                inFlight.decrementAndGet();
                            }
                        }
                    },
                    "upload-" + t));
        }
        clients.forEach(Thread::start);

        // let the uploads get going, then kill at a random moment of the next three seconds
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (answered.get() < THREADS && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(500 + new Random(seed).nextInt(2500));
        deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (inFlight.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        killed.set(true);
        int inFlightAtKill = inFlight.get();
        server.kill();
        stop.set(true);
        for (Thread c : clients) {
            c.join(Duration.ofSeconds(60).toMillis());
            assertThat(c.isAlive()).as("client %s still running", c.getName()).isFalse();
        }

        List<Upload> sent = List.copyOf(uploads);
        long acknowledged = sent.stream().filter(Upload::acknowledged).count();
        long cutOff = sent.stream().filter(Upload::cutOff).count();
        assertThat(unexpected).as("failures before the kill (seed %d)", seed).isEmpty();
        assertThat(acknowledged).as("uploads answered before the kill").isGreaterThan(0);
        assertThat(inFlightAtKill).as("uploads in flight at the kill").isGreaterThan(0);
        assertThat(cutOff).as("uploads cut off by the kill").isGreaterThan(0);
        System.out.printf(
                "crash test (%s): %d uploads, %d acknowledged, %d in flight at the kill, %d cut off, "
                        + "%d .part files after the kill, seed %d%n",
                server.embeddedDatabase() ? "embedded" : "service",
                sent.size(),
                acknowledged,
                inFlightAtKill,
                cutOff,
                parts(server).size(),
                seed);

        server.start().awaitHealthy(Duration.ofSeconds(120));

        // per name, the versions in the order they were sent
        Map<String, List<Upload>> versions = new LinkedHashMap<>();
        for (Upload u : sent) {
            versions.computeIfAbsent(u.name, k -> new ArrayList<>()).add(u);
        }
        Set<String> visible = new TreeSet<>();
        for (String path : dav.props("", "1", "getcontentlength").paths()) {
            String name = path.substring(dav.home().length() - 1).replaceFirst("^/", "");
            if (!name.isEmpty()) {
                visible.add(name);
            }
        }
        assertThat(versions.keySet())
                .as("visible files are files that were uploaded")
                .containsAll(visible);

        for (Map.Entry<String, List<Upload>> e : versions.entrySet()) {
            String name = e.getKey();
            List<Upload> vs = e.getValue();
            int lastAcked = -1;
            for (int i = 0; i < vs.size(); i++) {
                if (vs.get(i).acknowledged()) {
                    lastAcked = i;
                }
            }
            HttpResponse<byte[]> get = dav.sendBytes("GET", dav.url(name), null);
            if (lastAcked < 0 && get.statusCode() == 404) {
                assertThat(visible).as("listed but not found: %s", name).doesNotContain(name);
                continue;
            }
            assertThat(get.statusCode())
                    .as("GET %s (acknowledged version %d of %d)", name, lastAcked, vs.size())
                    .isEqualTo(200);
            String got = sha256(get.body());
            int index = -1;
            for (int i = 0; i < vs.size(); i++) {
                if (vs.get(i).sha256.equals(got)) {
                    index = i;
                }
            }
            assertThat(index)
                    .as("%s: %d bytes that match none of the %d versions sent", name, get.body().length, vs.size())
                    .isGreaterThanOrEqualTo(0);
            // the last acknowledged version, or one cut off after it: committed, but the kill took the answer
            assertThat(index == lastAcked || index > lastAcked && vs.get(index).cutOff())
                    .as(
                            "%s: version %d of %d visible, version %d was the last acknowledged",
                            name, index, vs.size(), lastAcked)
                    .isTrue();
            assertThat(visible).contains(name);
        }
        // partial uploads the kill cut off stay in blobs/tmp: only the garbage collector's sweep removes bytes, once
        // they are older than its grace period
        assertThat(server.terminate(Duration.ofSeconds(60))).isIn(0, 143);
    }

    private static List<String> parts(ServerProcess server) throws IOException {
        Path tmp = server.dataDir.resolve("blobs").resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".part"))
                    .collect(Collectors.toList());
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
