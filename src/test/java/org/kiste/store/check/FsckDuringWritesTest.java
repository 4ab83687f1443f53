package org.kiste.store.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kiste.Backend;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.server.KisteServer;
import org.kiste.store.BlobCollector;
import org.kiste.store.TrashPurge;
import org.kiste.testing.Dav;
import org.kiste.testing.TestDatabase;

/**
 * {@code kiste fsck} while the server runs: checks taken (with --verify-content) while clients overwrite files (each
 * overwrite keeps a version), rename them, delete them to the trash, and the trash is purged and the collector
 * reclaims bytes without grace, report nothing on this sound store, and change nothing.
 */
class FsckDuringWritesTest {
    private static final int WRITERS = 2;
    private static final int ROUNDS = 40;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    @Test
    void checksTakenWhileClientsWriteFindNothing() throws Exception {
        Map<String, String> s = TestDatabase.isolatedSettings(root.resolve("data"));
        s.put("port", "0");
        s.put("bind", "127.0.0.1");
        try (Backend backend = Backend.open(KisteConfig.from(new Settings(s, Map.of())), false)) {
            KisteServer server = new KisteServer(backend);
            server.start();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
            try {
                String base = "http://127.0.0.1:" + server.port();
                backend.users().add("alice", "pw-alice", false, null, null, -1);
                AtomicBoolean done = new AtomicBoolean();
                List<String> failures = Collections.synchronizedList(new ArrayList<>());
                List<Future<?>> writers = new ArrayList<>();
                for (int t = 0; t < WRITERS; t++) {
                    int writer = t;
                    writers.add(pool.submit(() -> write(new Dav(base, "alice", "pw-alice"), writer, failures)));
                }
                BlobCollector eager = new BlobCollector(
                        backend.database(), backend.blobs(), Duration.ZERO, Duration.ZERO, Duration.ofHours(24));
                Future<?> collector = pool.submit(() -> {
                    for (int i = 0; i < 10_000 && !done.get(); i++) {
                        new TrashPurge(backend.database(), Duration.ZERO).run();
                        eager.run();
                    }
                });

                List<String> findings = new ArrayList<>();
                int checks = 0;
                while (checks < 50 && writers.stream().anyMatch(f -> !f.isDone())) {
                    CheckContext ctx = new CheckContext(
                            backend.database(), backend.blobs(), true, false, BlobCollector.UNRECORDED_GRACE);
                    StoreChecker.standard().run(ctx);
                    ctx.findings().forEach((check, found) -> found.forEach(f -> findings.add(check + ": " + f)));
                    assertThat(ctx.repairs()).isEmpty();
                    checks++;
                }
                for (Future<?> w : writers) {
                    w.get(300, TimeUnit.SECONDS);
                }
                done.set(true);
                collector.get(120, TimeUnit.SECONDS);
                System.out.printf("fsck ran %d times while clients wrote%n", checks);
                assertThat(failures).isEmpty();
                assertThat(checks).as("checks taken while clients wrote").isPositive();
                assertThat(findings).as("findings on a sound store").isEmpty();
            } finally {
                pool.shutdownNow();
                server.stop();
            }
        }
    }

    /** Overwrites, renames and deletes a writer's files, which the trash purge then takes. */
    private static void write(Dav d, int writer, List<String> failures) {
        String folder = "w" + writer;
        expect(failures, folder, d.mkcol(folder).statusCode(), 201);
        for (int i = 0; i < ROUNDS; i++) {
            String name = folder + "/f" + (i % 4) + ".txt";
            int put = d.put(name, "round " + i + " of " + name + " ".repeat(i * 50))
                    .statusCode();
            expect(failures, "PUT " + name, put, 201, 204);
            if (i % 5 == 4) {
                String renamed = folder + "/renamed" + i + ".txt";
                expect(failures, "MOVE " + name, d.move(name, renamed).statusCode(), 201);
                expect(failures, "DELETE " + renamed, d.delete(renamed).statusCode(), 204);
            }
        }
    }

    private static void expect(List<String> failures, String what, int status, int... allowed) {
        for (int a : allowed) {
            if (status == a) {
                return;
            }
        }
        failures.add(what + ": " + status);
    }
}
