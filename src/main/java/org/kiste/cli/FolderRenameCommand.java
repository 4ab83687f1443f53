package org.kiste.cli;

import org.kiste.Backend;
import org.kiste.audit.AuditLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kiste folder rename}. */
@Command(
        name = "rename",
        mixinStandardHelpOptions = true,
        description = "Rename a team folder; members see the new name, files and grants stay.")
final class FolderRenameCommand extends AdminCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Current name.")
    String name;

    @Parameters(index = "1", paramLabel = "NEW", description = "New name.")
    String newName;

    @Override
    void run(Backend backend) {
        backend.teamFolders().rename(AuditLog.ADMIN_CLI, name, newName);
        out().printf("renamed team folder '%s' to '%s'%n", name, newName);
    }
}
