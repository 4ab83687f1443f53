package org.kiste.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kiste backup}: online backups and restoring them. */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = {
            "Back up the database and the blobs while the server runs, and restore a backup into an empty target."
        },
        subcommands = {BackupCreateCommand.class, BackupRestoreCommand.class})
public final class BackupCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
