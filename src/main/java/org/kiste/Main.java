package org.kiste;

import java.util.Map;
import org.kiste.cli.AuditCommand;
import org.kiste.cli.BackupCommand;
import org.kiste.cli.CliEnvironment;
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
public final class Main implements Runnable, CliEnvironment {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;

    private Main(Map<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The {@code kiste} command reading its settings from {@code environment} (the process's own in main). */
    public static CommandLine commandLine(Map<String, String> environment) {
        return new CommandLine(new Main(Map.copyOf(environment))).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public Map<String, String> variables() {
        return environment;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
