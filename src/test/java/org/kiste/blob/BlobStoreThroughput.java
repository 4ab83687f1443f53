package org.kiste.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Random;

/**
 * Not a test: a small program that prints how fast a stream is stored, for docs/benchmarks.md. It compares, in one
 * run and interleaved, the disk alone (write and fsync), the former single-thread loop (write and all three digests
 * in one thread, then fsync) and {@link DiskBlobStore} (receive and persist). Figures are indicative only.
 *
 * <pre>java -cp target/classes:target/test-classes org.kiste.blob.BlobStoreThroughput [DIR] [MiB] [ROUNDS]</pre>
 */
public final class BlobStoreThroughput {
    private BlobStoreThroughput() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(Path.of(args.length > 0 ? args[0] : "target"), "throughput");
        long bytes = (args.length > 1 ? Long.parseLong(args[1]) : 1024) * 1024 * 1024;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        DiskBlobStore store = new DiskBlobStore(dir.resolve("blobs"));
        for (int r = 0; r < rounds; r++) {
            Path plain = dir.resolve("plain");
            long t0 = System.nanoTime();
            copy(new Source(bytes), plain, false);
            report("disk alone (write + fsync)", bytes, t0);
            Files.delete(plain);

            t0 = System.nanoTime();
            copy(new Source(bytes), plain, true);
            report("one thread, three digests", bytes, t0);
            Files.delete(plain);

            t0 = System.nanoTime();
            String key = store.newKey();
            store.persist(store.receive(key, new Source(bytes), bytes, -1, Digests.FILE));
            report("DiskBlobStore receive+persist", bytes, t0);
            store.delete(key);
        }
    }

    private static void report(String what, long bytes, long t0) {
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%-32s %7.0f MiB/s%n", what, bytes / 1048576.0 / s);
    }

    private static void copy(InputStream in, Path p, boolean hash) throws Exception {
        MessageDigest[] ds = {
            MessageDigest.getInstance("SHA-256"), MessageDigest.getInstance("SHA-1"), MessageDigest.getInstance("MD5")
        };
        try (FileChannel out = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[128 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (hash) {
                    for (MessageDigest d : ds) {
                        d.update(buf, 0, n);
                    }
                }
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) {
                    out.write(bb);
                }
            }
            out.force(true);
        }
    }

    /** Pseudo-random bytes, copied out of a prepared block the way a socket read copies. */
    private static final class Source extends InputStream {
        private static final byte[] BLOCK = new byte[(1 << 20) + 4099];

        static {
            new Random(7).nextBytes(BLOCK);
        }

        private long left;
        private int pos;

        Source(long bytes) {
            this.left = bytes;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, left), BLOCK.length - pos);
            System.arraycopy(BLOCK, pos, b, off, n);
            pos = (pos + n) % BLOCK.length;
            left -= n;
            return n;
        }
    }
}
