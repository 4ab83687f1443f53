package org.kiste.store.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kiste.Backend;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.model.FilePath;
import org.kiste.server.KisteServer;
import org.kiste.store.BlobCollector;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestDatabase;
import org.kiste.testing.VersionsDav;

/**
 * The store checker looks at versions too: a version whose bytes are gone is found (and after the repair named as
 * lost, its GET answering an error with a body), and a version row attached to a folder is found; a sound store with
 * versions has no finding.
 */
class VersionsFsckTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    @Test
    void findsVersionsWithoutContentOrWithoutAFile() throws Exception {
        Map<String, String> s = TestDatabase.isolatedSettings(root.resolve("data"));
        s.put("port", "0");
        s.put("bind", "127.0.0.1");
        s.put("blob.inline-max", "0"); // the faults are files deleted or damaged under the blob directory
        try (Backend backend = Backend.open(KisteConfig.from(new Settings(s, Map.of())), false)) {
            KisteServer server = new KisteServer(backend);
            server.start();
            try {
                String base = "http://127.0.0.1:" + server.port();
                backend.users().add("alice", "pw-alice", false, null, null, -1);
                Dav alice = new Dav(base, "alice", "pw-alice");
                VersionsDav versions = new VersionsDav(alice);
                assertThat(alice.put("doc.txt", "the first content").statusCode())
                        .isEqualTo(201);
                assertThat(alice.put("doc.txt", "the second content").statusCode())
                        .isEqualTo(204);
                assertThat(alice.mkcol("folder").statusCode()).isEqualTo(201);
                long fileId = id(backend, "doc.txt");
                List<MultiStatus.Response> listed = versions.list(fileId);
                assertThat(listed).hasSize(1);
                assertThat(check(backend, false).findings()).as("a sound store").isEmpty();

                String key = backend.database().read(c -> {
                    try (var ps = c.prepareStatement("SELECT b.storage_key FROM file_version v"
                            + " JOIN blob_object b ON b.id = v.blob_id WHERE v.node_id = ?")) {
                        ps.setLong(1, fileId);
                        try (var rs = ps.executeQuery()) {
                            rs.next();
                            return rs.getString(1);
                        }
                    }
                });
                Files.delete(backend.blobs().path(key));
                long folderId = id(backend, "folder");
                backend.database().tx(c -> {
                    try (var ps = c.prepareStatement("INSERT INTO file_version (node_id, revision, blob_id, size,"
                            + " mtime, created_at) VALUES (?, 1, NULL, 0, 0, 0)")) {
                        ps.setLong(1, folderId);
                        return ps.executeUpdate();
                    }
                });

                CheckContext found = check(backend, false);
                assertThat(found.findings().get("blob-bytes"))
                        .singleElement()
                        .satisfies(f -> assertThat(f).contains(key).contains("is missing from the store"));
                assertThat(found.findings().get("versions"))
                        .singleElement()
                        .satisfies(
                                f -> assertThat(f).contains("node #" + folderId).contains("a folder"));

                CheckContext repaired = check(backend, true);
                assertThat(repaired.repairs()).hasSize(1);
                CheckContext after = check(backend, false);
                assertThat(after.findings().get("versions"))
                        .hasSize(2)
                        .anySatisfy(
                                f -> assertThat(f).contains("node #" + fileId).contains("lost"));
                var get = alice.send("GET", base + listed.get(0).href(), null);
                assertThat(get.statusCode()).isEqualTo(500);
                assertThat(get.body()).isNotEmpty();
                assertThat(alice.get("doc.txt").body()).isEqualTo("the second content");
            } finally {
                server.stop();
            }
        }
    }

    private static long id(Backend backend, String path) {
        return backend.files()
                .resolve(backend.users().find("alice").orElseThrow().principal(), FilePath.parse(path))
                .node()
                .id();
    }

    private static CheckContext check(Backend backend, boolean repair) throws Exception {
        CheckContext ctx =
                new CheckContext(backend.database(), backend.blobs(), false, repair, BlobCollector.UNRECORDED_GRACE);
        StoreChecker.standard().run(ctx);
        return ctx;
    }
}
