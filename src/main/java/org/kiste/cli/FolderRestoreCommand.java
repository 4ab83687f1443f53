package org.kiste.cli;

import org.kiste.Backend;
import org.kiste.audit.AuditLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kiste folder restore}. */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = "Bring a deleted team folder back from the organisation's trash, with its files and grants.")
final class FolderRestoreCommand extends AdminCommand {
    @Parameters(
            index = "0",
            paramLabel = "NAME",
            description = "Name of the deleted team folder (the latest one of " + "that name is restored).")
    String name;

    @Override
    void run(Backend backend) {
        backend.teamFolders().restore(AuditLog.ADMIN_CLI, name);
        out().printf("restored team folder '%s'%n", name);
    }
}
