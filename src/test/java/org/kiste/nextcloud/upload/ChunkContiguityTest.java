package org.kiste.nextcloud.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.TestServer;

/**
 * Without {@code OC-Total-Length} nothing tells the server how long the file is, so the chunk names must: numbered
 * chunks have no gap, and rclone's zero-padded {@code first-last} byte offsets (inclusive) tile the file with
 * neither a gap nor an overlap. An assembly that would leave a hole or repeat bytes is refused with 400 and creates
 * nothing; contiguous chunks assemble as before.
 */
class ChunkContiguityTest {
    private static final TestServer s = TestServer.get();
    private static UploadClient up;

    @BeforeAll
    static void user() {
        up = new UploadClient(s.dav(s.newUser("contig")));
    }

    /** rclone's chunk name for the inclusive byte range {@code first}..{@code last}. */
    private static String range(long first, long last) {
        return String.format("%015d-%015d", first, last);
    }

    private static void transfer(String id, String... namesAndContents) {
        assertThat(up.mkcol(id).statusCode()).isEqualTo(201);
        for (int i = 0; i < namesAndContents.length; i += 2) {
            assertThat(up.put(id, namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8))
                            .statusCode())
                    .as("chunk %s", namesAndContents[i])
                    .isEqualTo(201);
        }
    }

    private static void assertRefused(String id, String name) {
        HttpResponse<String> r = up.assemble(id, up.dav.url(name));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(up.dav.get(name).statusCode()).as("no file was created").isEqualTo(404);
    }

    private static void assertAssembled(String id, String name, String content) {
        HttpResponse<String> r = up.assemble(id, up.dav.url(name));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(up.dav.get(name).body()).isEqualTo(content);
    }

    @Test
    void aGapInNumberedChunksIs400() {
        transfer("gap", "1", "first-", "3", "third");
        assertRefused("gap", "gap.txt");
    }

    @Test
    void aGapInByteRangesIs400() {
        transfer("range-gap", range(0, 9), "0123456789", range(20, 29), "abcdefghij");
        assertRefused("range-gap", "range-gap.txt");
    }

    @Test
    void overlappingByteRangesAre400() {
        String hundred = "a".repeat(50) + "b".repeat(50);
        transfer("overlap", range(0, 99), hundred, range(50, 149), "b".repeat(50) + "c".repeat(50));
        assertRefused("overlap", "overlap.txt");
    }

    @Test
    void contiguousChunksStillAssemble() {
        transfer("numbered", "1", "one,", "2", "two,", "3", "three");
        assertAssembled("numbered", "numbered.txt", "one,two,three");
        // iOS: unpadded numbers, 10 after 9
        String[] ios = new String[20];
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            ios[2 * (i - 1)] = Integer.toString(i);
            ios[2 * (i - 1) + 1] = "<" + i + ">";
            expected.append('<').append(i).append('>');
        }
        transfer("ios", ios);
        assertAssembled("ios", "ios.txt", expected.toString());
        // the desktop 3.7: 0-based, 16 digits
        transfer("desktop", "0000000000000000", "zero,", "0000000000000001", "one");
        assertAssembled("desktop", "desktop.txt", "zero,one");
        transfer("rclone", range(0, 99), "r".repeat(100), range(100, 149), "s".repeat(50));
        assertAssembled("rclone", "rclone.txt", "r".repeat(100) + "s".repeat(50));
    }
}
