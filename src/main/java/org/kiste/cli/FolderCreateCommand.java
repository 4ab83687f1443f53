package org.kiste.cli;

import org.kiste.Backend;
import org.kiste.audit.AuditLog;
import org.kiste.config.Sizes;
import org.kiste.model.TeamFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiste folder create}. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Create a team folder. Nobody sees it until it is granted (kiste folder grant).")
final class FolderCreateCommand extends AdminCommand {
    @Parameters(
            index = "0",
            paramLabel = "NAME",
            description =
                    "Folder name, as members see it in their files (a valid file name, unique among team folders).")
    String name;

    @Option(
            names = "--quota",
            paramLabel = "SIZE",
            converter = SizeConverter.class,
            defaultValue = "none",
            description = "Storage quota, e.g. 500M, 50G, 1T (powers of 1024), or none (default: ${DEFAULT-VALUE}).")
    long quota;

    @Override
    void run(Backend backend) {
        TeamFolder f = backend.teamFolders().create(AuditLog.ADMIN_CLI, name, quota);
        out().printf("created team folder '%s', quota %s%n", f.name(), Sizes.format(f.quotaBytes()));
    }
}
