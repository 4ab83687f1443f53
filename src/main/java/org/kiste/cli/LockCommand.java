package org.kiste.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kiste lock}: WebDAV lock administration against the server's database (attaching to a running server). */
@Command(
        name = "lock",
        mixinStandardHelpOptions = true,
        description = {
            "List and break WebDAV locks.",
            "A client that crashed while holding a lock keeps others from writing until the lock times out; "
                    + "'lock break' removes it at once. Locks live in the database, so a running server sees the "
                    + "change with its next request.",
            "Paths are written USER:/path/in/files, e.g. alice:/Documents/report.odt."
        },
        subcommands = {LockListCommand.class, LockBreakCommand.class})
public final class LockCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
