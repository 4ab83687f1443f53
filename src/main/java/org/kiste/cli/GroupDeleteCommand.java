package org.kiste.cli;

import org.kiste.Backend;
import org.kiste.audit.AuditLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kiste group delete}. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = {
            "Delete a group. Its members keep their accounts and files but lose the team folders the "
                    + "group's grants gave them (within a second in a running server)."
        })
final class GroupDeleteCommand extends AdminCommand {
    @Parameters(index = "0", paramLabel = "GROUP", description = "Group name.")
    String name;

    @Override
    void run(Backend backend) {
        backend.groups().delete(AuditLog.ADMIN_CLI, name);
        out().printf("deleted group '%s'%n", name);
    }
}
