package org.kiste.cli;

import org.kiste.Backend;
import org.kiste.audit.AuditLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kiste group rename}. */
@Command(name = "rename", mixinStandardHelpOptions = true, description = "Rename a group; its members and grants stay.")
final class GroupRenameCommand extends AdminCommand {
    @Parameters(index = "0", paramLabel = "GROUP", description = "Current group name.")
    String name;

    @Parameters(index = "1", paramLabel = "NEW", description = "New group name.")
    String newName;

    @Override
    void run(Backend backend) {
        backend.groups().rename(AuditLog.ADMIN_CLI, name, newName);
        out().printf("renamed group '%s' to '%s'%n", name, newName);
    }
}
