package org.kiste.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file's body announced at most {@code inlineMax} bytes long is received into memory under an {@code i} key and
 * leaves nothing in the blob directory; a longer one, one of unknown length, a chunk, or any body with inline off is
 * a file as before. Refusals (shorter, longer, too large) are those of a file.
 */
class InlineBlobsTest {
    private static final int MAX = 16 * 1024;

    @TempDir
    Path dir;

    @Test
    void keysOfInlineBlobsStartWithI() {
        assertThat(InlineBlobs.isInline("i0123456789abcdef")).isTrue();
        assertThat(InlineBlobs.isInline("0123456789abcdef")).isFalse();
        assertThat(InlineBlobs.isInline("")).isFalse();
        assertThat(InlineBlobs.isInline(null)).isFalse();
        String hex = "a1b2c3d4";
        assertThat(InlineBlobs.keyFor(hex)).startsWith("i").hasSameSizeAs(hex).endsWith(hex.substring(1));
    }

    @Test
    void aBodyOfExactlyTheLimitIsKeptInMemoryWithItsDigests() throws Exception {
        DiskBlobStore store = new DiskBlobStore(dir.resolve("blobs"), MAX);
        byte[] body = bytes(MAX, 1);
        String key = store.newKey();
        StagedBlob b = store.receive(key, new ByteArrayInputStream(body), MAX, -1, Digests.FILE_AND_MD5);
        assertThat(b.inline()).isTrue();
        assertThat(b.key()).startsWith("i").isNotEqualTo(key);
        assertThat(InlineBlobs.isInline(b.key())).isTrue();
        assertThat(b.size()).isEqualTo(MAX);
        assertThat(b.content()).isEqualTo(body);
        assertThat(b.sha256()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));
        assertThat(b.sha1()).isEqualTo(MessageDigest.getInstance("SHA-1").digest(body));
        assertThat(b.md5()).isEqualTo(MessageDigest.getInstance("MD5").digest(body));
        store.persist(b);
        assertThat(filesUnder(dir.resolve("blobs"))).as("nothing on disk").isZero();
        String inlineKey = b.key();
        assertThatThrownBy(() -> store.path(inlineKey)).isInstanceOf(IllegalArgumentException.class);
        store.delete(inlineKey); // nothing to delete: its bytes go with its row

        StagedBlob plain = store.receive(store.newKey(), new ByteArrayInputStream(body), MAX, -1, Digests.FILE);
        assertThat(plain.md5()).as("MD5 only when asked for").isNull();
        assertThat(plain.sha256()).isEqualTo(b.sha256());
    }

    @Test
    void oneByteOverTheLimitIsAFile() throws Exception {
        DiskBlobStore store = new DiskBlobStore(dir.resolve("blobs"), MAX);
        byte[] body = bytes(MAX + 1, 2);
        String key = store.newKey();
        StagedBlob b = store.receive(key, new ByteArrayInputStream(body), MAX + 1, -1, Digests.FILE);
        assertThat(b.inline()).isFalse();
        assertThat(b.key()).isEqualTo(key);
        assertThat(InlineBlobs.isInline(b.key())).isFalse();
        store.persist(b);
        assertThat(Files.readAllBytes(store.path(key))).isEqualTo(body);
    }

    @Test
    void unknownLengthsChunksAndAStoreWithInlineOffWriteFiles() throws Exception {
        DiskBlobStore store = new DiskBlobStore(dir.resolve("blobs"), MAX);
        byte[] body = bytes(100, 3);
        StagedBlob unknown = store.receive(store.newKey(), new ByteArrayInputStream(body), -1, -1, Digests.FILE);
        StagedBlob chunk = store.receive(store.newKey(), new ByteArrayInputStream(body), 100, -1, Digests.NONE);
        DiskBlobStore off = new DiskBlobStore(dir.resolve("off"));
        StagedBlob offBlob = off.receive(off.newKey(), new ByteArrayInputStream(body), 100, -1, Digests.FILE);
        for (StagedBlob b : new StagedBlob[] {unknown, chunk}) {
            assertThat(b.inline()).isFalse();
            store.persist(b);
            assertThat(Files.readAllBytes(store.path(b.key()))).isEqualTo(body);
        }
        assertThat(offBlob.inline()).isFalse();
        off.persist(offBlob);
        assertThat(Files.readAllBytes(off.path(offBlob.key()))).isEqualTo(body);
        assertThat(new DiskBlobStore(dir.resolve("zero"), 0)
                        .receive(
                                "0123456789abcdef0123456789abcdef",
                                new ByteArrayInputStream(body),
                                100,
                                -1,
                                Digests.FILE)
                        .inline())
                .isFalse();
    }

    @Test
    void anInlineMaxOutsideItsRangeIsRefused() {
        assertThatThrownBy(() -> new DiskBlobStore(dir.resolve("a"), InlineBlobs.LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DiskBlobStore(dir.resolve("b"), -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shortLongAndTooLargeBodiesAreRefusedAndLeaveNothing() throws Exception {
        DiskBlobStore store = new DiskBlobStore(dir.resolve("blobs"), MAX);
        byte[] body = bytes(1000, 4);
        assertThatThrownBy(() ->
                        store.receive(store.newKey(), new ByteArrayInputStream(body, 0, 999), 1000, -1, Digests.FILE))
                .isInstanceOf(LengthMismatchException.class);
        assertThatThrownBy(() -> store.receive(store.newKey(), new ByteArrayInputStream(body), 999, -1, Digests.FILE))
                .isInstanceOf(LengthMismatchException.class);
        assertThatThrownBy(() -> store.receive(store.newKey(), new ByteArrayInputStream(body), 1000, 999, Digests.FILE))
                .isInstanceOf(TooLargeException.class);
        assertThatThrownBy(() -> store.receive(store.newKey(), new Failing(body, 500), 1000, -1, Digests.FILE))
                .isInstanceOf(IOException.class);
        assertThat(filesUnder(dir.resolve("blobs"))).isZero();
    }

    @Test
    void bytesReadFromAnyOffsetAndNothingOutsideThem() throws Exception {
        byte[] body = bytes(50, 5);
        try (BytesReader r = new BytesReader(body)) {
            assertThat(r.size()).isEqualTo(50);
            assertThat(r.stream(0, 50).readAllBytes()).isEqualTo(body);
            assertThat(r.stream(1, 3).readAllBytes()).containsExactly(body[1], body[2], body[3]);
            assertThat(r.stream(45, 5).readAllBytes()).hasSize(5);
            assertThat(r.stream(50, 0).readAllBytes()).isEmpty();
            // a range past the end is the caller's error, as a read past a file's end is
            assertThatThrownBy(() -> r.stream(45, 100)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> r.stream(0, Long.MAX_VALUE)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> r.stream(80, 10)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> r.stream(-1, 10)).isInstanceOf(IOException.class);
        }
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static long filesUnder(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    /** Gives {@code upTo} bytes, then fails as a connection that breaks. */
    private static final class Failing extends InputStream {
        private final byte[] body;
        private final int upTo;
        private int at;

        Failing(byte[] body, int upTo) {
            this.body = body;
            this.upTo = upTo;
        }

        @Override
        public int read() throws IOException {
            if (at >= upTo) {
                throw new IOException("connection reset");
            }
            return body[at++] & 0xff;
        }
    }
}
