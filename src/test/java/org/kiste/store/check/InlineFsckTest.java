package org.kiste.store.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kiste.Backend;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.model.FilePath;
import org.kiste.model.Node;
import org.kiste.server.KisteServer;
import org.kiste.store.BlobCollector;
import org.kiste.testing.Dav;
import org.kiste.testing.Eventually;
import org.kiste.testing.TestDatabase;

/**
 * The store checker reads a small file's bytes from its row: content changed in the database is found when content
 * is verified, bytes of another length or none at all always; {@code --repair} marks such blobs lost.
 */
class InlineFsckTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    @Test
    void findsChangedShortenedAndMissingRowContent() throws Exception {
        Map<String, String> s = TestDatabase.isolatedSettings(root.resolve("data"));
        s.put("port", "0");
        s.put("bind", "127.0.0.1");
        try (Backend backend = Backend.open(KisteConfig.from(new Settings(s, Map.of())), false)) {
            KisteServer server = new KisteServer(backend);
            server.start();
            try {
                backend.users().add("alice", "pw-alice", false, null, null, -1);
                Dav alice = new Dav("http://127.0.0.1:" + server.port(), "alice", "pw-alice");
                for (String name : List.of("fine", "changed", "shortened", "emptied")) {
                    assertThat(alice.put(name + ".txt", "the content of " + name)
                                    .statusCode())
                            .isEqualTo(201);
                    assertThat(key(backend, name)).startsWith("i");
                }
                assertThat(check(backend, true, false).findings())
                        .as("a sound store")
                        .isEmpty();

                // the same length, other bytes; fewer bytes; no bytes
                setContent(backend, "changed", "THE CONTENT OF CHANGED".getBytes(StandardCharsets.UTF_8));
                setContent(backend, "shortened", "the content".getBytes(StandardCharsets.UTF_8));
                setContent(backend, "emptied", null);

                CheckContext quick = check(backend, false, false);
                System.out.println("fsck: " + quick.findings());
                assertThat(quick.findings().keySet()).containsOnly("blob-bytes");
                assertThat(quick.findings().get("blob-bytes"))
                        .hasSize(2)
                        .anySatisfy(f -> assertThat(f)
                                .contains(key(backend, "shortened"))
                                .contains("holds 11 bytes, its row says 24"))
                        .anySatisfy(f ->
                                assertThat(f).contains(key(backend, "emptied")).contains("has no bytes in its row"));

                CheckContext full = check(backend, true, false);
                assertThat(full.findings().get("blob-bytes"))
                        .hasSize(3)
                        .anySatisfy(f ->
                                assertThat(f).contains(key(backend, "changed")).contains("does not match its SHA-256"));

                CheckContext repair = check(backend, true, true);
                assertThat(repair.repairs())
                        .hasSize(3)
                        .allSatisfy(r -> assertThat(r).contains("marked blob i"));
                for (String name : List.of("changed", "shortened", "emptied")) {
                    Eventually.status(
                            () -> alice.get(name + ".txt").statusCode(),
                            500,
                            Duration.ofSeconds(10),
                            name + " answers that its content is lost");
                }
                assertThat(alice.get("fine.txt").body()).isEqualTo("the content of fine");
                assertThat(check(backend, true, false).findings()).doesNotContainKey("blob-bytes");
            } finally {
                server.stop();
            }
        }
    }

    private static String key(Backend backend, String name) {
        return blob(backend, name).key();
    }

    private static Node.Blob blob(Backend backend, String name) {
        return backend.files()
                .resolve(backend.users().find("alice").orElseThrow().principal(), FilePath.parse(name + ".txt"))
                .node()
                .blob();
    }

    private static void setContent(Backend backend, String name, byte[] content) {
        long id = blob(backend, name).id();
        backend.database().tx(c -> {
            if (content == null) {
                try (var ps = c.prepareStatement("DELETE FROM blob_content WHERE blob_id = ?")) {
                    ps.setLong(1, id);
                    return ps.executeUpdate();
                }
            }
            try (var ps = c.prepareStatement("UPDATE blob_content SET content = ? WHERE blob_id = ?")) {
                ps.setBytes(1, content);
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
    }

    private static CheckContext check(Backend backend, boolean verify, boolean repair) throws Exception {
        CheckContext ctx =
                new CheckContext(backend.database(), backend.blobs(), verify, repair, BlobCollector.UNRECORDED_GRACE);
        StoreChecker.standard().run(ctx);
        return ctx;
    }
}
