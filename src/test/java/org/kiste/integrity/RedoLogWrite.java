package org.kiste.integrity;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Watches a mariadbd (through /proc, x86-64 Linux) for the moment one of its threads is inside a write or sync of
 * the InnoDB redo log. A commit whose record is being written then is durable once the write returns, while its
 * client has no answer yet: killing mariadbd right then hits the window between "committed" and "acknowledged"
 * that a kill at a random moment hits only now and then.
 */
final class RedoLogWrite {
    /** write, pwrite64, writev, fsync, fdatasync, pwritev, pwritev2 on x86-64. */
    private static final Set<Integer> WRITES = Set.of(1, 18, 20, 74, 75, 296, 328);

    private RedoLogWrite() {}

    /** True as soon as a thread of {@code pid} writes or syncs its redo log; false when none did within the bound. */
    static boolean await(long pid, Duration within) {
        Path proc = Path.of("/proc", Long.toString(pid));
        Set<Long> logFds = logFds(proc);
        if (logFds.isEmpty() || !"amd64".equals(System.getProperty("os.arch"))) {
            return false;
        }
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
                for (Path task : tasks) {
                    if (inLogWrite(task, logFds)) {
                        return true;
                    }
                }
            } catch (IOException e) {
                return false; // the process is gone
            }
        }
        return false;
    }

    /** "nr arg0 …" of the system call the thread is in, or "running". */
    private static boolean inLogWrite(Path task, Set<Long> logFds) {
        try {
            String[] call = Files.readString(task.resolve("syscall")).trim().split(" ");
            return call.length > 1
                    && WRITES.contains(Integer.parseInt(call[0]))
                    && logFds.contains(Long.decode(call[1]));
        } catch (IOException | NumberFormatException e) {
            return false; // the thread ended, or is running in user space
        }
    }

    private static Set<Long> logFds(Path proc) {
        Set<Long> out = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).getFileName().toString().startsWith("ib_logfile")) {
                        out.add(Long.parseLong(fd.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            return Set.of();
        }
        return out;
    }
}
