package org.kiste.cli;

import org.kiste.Backend;
import org.kiste.audit.AuditLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kiste folder delete}. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = {
            "Move a team folder to the organisation's trash: members no longer see it, its files and "
                    + "grants are kept, and 'kiste folder restore NAME' brings it back. After trash.retention-days "
                    + "(30 by default) the server purges it for good."
        })
final class FolderDeleteCommand extends AdminCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Team folder name.")
    String name;

    @Override
    void run(Backend backend) {
        backend.teamFolders().delete(AuditLog.ADMIN_CLI, name);
        out().printf("moved team folder '%s' to the organisation's trash%n", name);
    }
}
