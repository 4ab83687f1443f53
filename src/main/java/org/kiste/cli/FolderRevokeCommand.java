package org.kiste.cli;

import org.kiste.Backend;
import org.kiste.audit.AuditLog;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kiste folder revoke}. */
@Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        description = {
            "Remove the grant of a group or a user on a team folder. Users who keep no other grant on it "
                    + "lose the folder from their files within a second."
        })
final class FolderRevokeCommand extends AdminCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Team folder name.")
    String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    FolderSubject subject;

    @Override
    void run(Backend backend) {
        backend.teamFolders().revoke(AuditLog.ADMIN_CLI, name, subject.type(), subject.name());
        out().printf("revoked the grant of %s on team folder '%s'%n", subject.describe(), name);
    }
}
