package org.kiste.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digests of a stored blob are those of its bytes, small or big (hashed in threads of their own, flushed while
 * arriving), and whole; the ones not asked for are not computed.
 */
class DiskBlobStoreDigestsTest {
    @TempDir
    Path dir;

    @Test
    void digestsMatchTheBytesAtEverySize() throws Exception {
        DiskBlobStore store = new DiskBlobStore(dir.resolve("blobs"));
        Random random = new Random(3);
        for (Digests digests : Digests.values()) {
            for (int size : new int[] {
                1, 4096, 1024 * 1024 - 1, 1024 * 1024, 1024 * 1024 + 1, 5 * 1024 * 1024 + 77, 70 * 1024 * 1024 + 3
            }) {
                byte[] body = new byte[size];
                random.nextBytes(body);
                String key = store.newKey();
                StagedBlob b = store.receive(key, new Trickle(new ByteArrayInputStream(body)), size, -1, digests);
                store.persist(b);
                String as = digests + " " + size;
                assertThat(b.size()).isEqualTo(size);
                assertThat(b.sha256())
                        .as("sha256 " + as)
                        .isEqualTo(
                                digests == Digests.NONE
                                        ? null
                                        : MessageDigest.getInstance("SHA-256").digest(body));
                assertThat(b.sha1())
                        .as("sha1 " + as)
                        .isEqualTo(
                                digests == Digests.NONE
                                        ? null
                                        : MessageDigest.getInstance("SHA-1").digest(body));
                assertThat(b.md5())
                        .as("md5 " + as)
                        .isEqualTo(
                                digests == Digests.FILE_AND_MD5
                                        ? MessageDigest.getInstance("MD5").digest(body)
                                        : null);
                assertThat(Files.readAllBytes(store.path(key))).as(as).isEqualTo(body);
            }
        }
    }

    @Test
    void aBigBodyThatRunsLongIsRefusedAndTheStoreGoesOn() throws Exception {
        DiskBlobStore store = new DiskBlobStore(dir.resolve("blobs"));
        byte[] body = new byte[3 * 1024 * 1024];
        assertThatThrownBy(() -> store.receive(
                        store.newKey(), new ByteArrayInputStream(body), body.length - 5, -1, Digests.FILE_AND_MD5))
                .isInstanceOf(LengthMismatchException.class);
        assertThatThrownBy(() -> store.receive(
                        store.newKey(), new ByteArrayInputStream(body), -1, 2 * 1024 * 1024, Digests.FILE_AND_MD5))
                .isInstanceOf(TooLargeException.class);
        StagedBlob b =
                store.receive(store.newKey(), new ByteArrayInputStream(body), body.length, -1, Digests.FILE_AND_MD5);
        assertThat(b.md5()).isEqualTo(MessageDigest.getInstance("MD5").digest(body));
    }

    @Test
    void aBigBodyCutMidwayFailsAndTheStoreGoesOn() throws Exception {
        DiskBlobStore store = new DiskBlobStore(dir.resolve("blobs"));
        byte[] body = new byte[40 * 1024 * 1024];
        new Random(5).nextBytes(body);
        for (int cutAt : new int[] {2 * 1024 * 1024, 36 * 1024 * 1024}) {
            InputStream cut = new FilterInputStream(new ByteArrayInputStream(body, 0, cutAt)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n < 0) {
                        throw new IOException("connection reset");
                    }
                    return n;
                }
            };
            assertThatThrownBy(() -> store.receive(store.newKey(), cut, body.length, -1, Digests.FILE))
                    .isInstanceOf(IOException.class)
                    .hasMessage("connection reset");
        }
        StagedBlob b =
                store.receive(store.newKey(), new ByteArrayInputStream(body), body.length, -1, Digests.FILE_AND_MD5);
        assertThat(b.sha256()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(body));
    }

    /** Reads of uneven sizes, as a network gives them. */
    private static final class Trickle extends FilterInputStream {
        private int turn;

        Trickle(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1000 + (turn++ % 7) * 20_000));
        }
    }
}
