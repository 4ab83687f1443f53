package org.kiste.store;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether a process is the mariadbd of a given data directory. A pid file outlives its process: after a crash or a
 * reboot the pid it names may belong to anything, so before a pid is trusted as "our database is alive" or signalled
 * as "a stale database to stop", the process must run a {@code mariadbd} (or {@code mysqld}) executable, as the
 * kernel reports it ({@code /proc/PID/exe}), with {@code --datadir} naming this directory. A process whose identity
 * cannot be read (another user's) is not ours.
 */
final class MariadbdIdentity {
    private static final String DELETED = " (deleted)";

    private MariadbdIdentity() {}

    /**
     * True when {@code p} is alive and is the mariadbd of {@code dataDir}. The handle stays valid for signalling
     * only the process it was made for (the JDK checks its start time), so a pid reused after this check is safe.
     */
    static boolean serves(ProcessHandle p, Path dataDir) {
        if (!p.isAlive()) {
            return false;
        }
        ProcessHandle.Info info = p.info();
        return matches(info.command(), info.arguments().map(List::of), dataDir);
    }

    /**
     * @param command the executable's path
     * @param arguments the arguments after the executable's name
     */
    static boolean matches(Optional<String> command, Optional<List<String>> arguments, Path dataDir) {
        if (command.isEmpty() || arguments.isEmpty()) {
            return false;
        }
        String exe = command.get();
        if (exe.endsWith(DELETED)) {
            exe = exe.substring(0, exe.length() - DELETED.length()); // upgraded on disk while it runs
        }
        String name = exe.substring(exe.lastIndexOf('/') + 1);
        if (!name.equals("mariadbd") && !name.equals("mysqld")) {
            return false;
        }
        Path want = dataDir.toAbsolutePath().normalize();
        List<String> args = arguments.get();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String dir = a.startsWith("--datadir=")
                    ? a.substring("--datadir=".length())
                    : a.equals("--datadir") && i + 1 < args.size() ? args.get(i + 1) : null;
            if (dir != null && samePath(dir, want)) {
                return true;
            }
        }
        return false;
    }

    private static boolean samePath(String given, Path want) {
        try {
            return Path.of(given).toAbsolutePath().normalize().equals(want);
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
