package org.kiste;

import org.kiste.cli.AuditCommand;
import org.kiste.cli.BackupCommand;
import org.kiste.cli.FolderCommand;
import org.kiste.cli.FsckCommand;
import org.kiste.cli.GroupCommand;
import org.kiste.cli.LockCommand;
import org.kiste.cli.ServeCommand;
import org.kiste.cli.ThrottleCommand;
import org.kiste.cli.UsageCommand;
import org.kiste.cli.UserCommand;
import org.kiste.cli.VersionProvider;
import org.kiste.cli.VersionsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kiste} command: {@code serve} runs the server, the other subcommands administer it. */
@Command(
        name = "kiste",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Kiste: a WebDAV and Nextcloud-compatible file server.",
        subcommands = {
            ServeCommand.class,
            UserCommand.class,
            GroupCommand.class,
            FolderCommand.class,
            AuditCommand.class,
            LockCommand.class,
            ThrottleCommand.class,
            UsageCommand.class,
            BackupCommand.class,
            FsckCommand.class,
            VersionsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
