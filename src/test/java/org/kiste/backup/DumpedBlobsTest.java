package org.kiste.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The blob rows of a dump are read by column name, from one or several tuples per line, with strings unescaped;
 * only live blobs and chunks are kept, and the dump's SHA-256 covers the whole file.
 */
class DumpedBlobsTest {
    @TempDir
    Path dir;

    @Test
    void readsTheBlobRowsByColumnName() throws Exception {
        String sha = "2D711642B726B04401627CA9FBAC32F5C8530FB1903CC4DB02258717921A4881";
        String dump = String.join(
                "\n",
                "-- MariaDB dump",
                "INSERT INTO `node` (`id`, `name`) VALUES (1,'a (b), \\'c\\''),(2,'INSERT INTO `blob_object` (');",
                "INSERT INTO `blob_object` (`id`, `storage_key`, `size`, `sha256`, `state`, `created_at`) VALUES"
                        + " (1,'00112233445566778899aabbccddeeff',5,0x" + sha + ",1,'2026-12-06 03:27:46.058'),",
                "(2,'00112233445566778899aabbccddeef0',0,NULL,2,'2026-12-06 03:27:46.058'),"
                        + "(3,'00112233445566778899aabbccddeef1',7,NULL,3,'2026-12-06 03:27:46.058'),",
                "(4,'00112233445566778899aabbccddeef2',9,NULL,4,'2026-12-06 03:27:46.058');",
                "UNLOCK TABLES;",
                "");
        Path file = dir.resolve("d.sql");
        Files.writeString(file, dump);
        DumpedBlobs read = DumpedBlobs.read(file);
        assertThat(read.blobs)
                .extracting(DumpedBlobs.Blob::key)
                .containsExactly("00112233445566778899aabbccddeeff", "00112233445566778899aabbccddeef1");
        assertThat(read.blobs.get(0).size()).isEqualTo(5);
        assertThat(HexFormat.of().withUpperCase().formatHex(read.blobs.get(0).sha256()))
                .isEqualTo(sha);
        assertThat(read.blobs.get(1).sha256()).isNull();
        assertThat(read.dumpSize).isEqualTo(Files.size(file));
        assertThat(read.dumpSha256)
                .isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        assertThat(DumpedBlobs.tuples("(1,'x\\',y)',NULL,0x0A)"))
                .containsExactly(java.util.Arrays.asList("1", "x',y)", null, "0x0A"));
        assertThat(DumpedBlobs.tuples("(1),(2);")).isEqualTo(List.of(List.of("1"), List.of("2")));
    }
}
