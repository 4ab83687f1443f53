package org.kiste.cli;

import org.kiste.Backend;
import org.kiste.audit.AuditLog;
import org.kiste.model.Role;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiste folder grant}. */
@Command(
        name = "grant",
        mixinStandardHelpOptions = true,
        description = {
            "Give a group or a user a role on a team folder (replacing the role it had). The folder "
                    + "appears in the members' files within a second."
        })
final class FolderGrantCommand extends AdminCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Team folder name.")
    String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    FolderSubject subject;

    @Option(
            names = "--role",
            required = true,
            paramLabel = "ROLE",
            converter = RoleConverter.class,
            description = "viewer (read), editor (read and write), or manager (editor + share).")
    Role role;

    @Override
    void run(Backend backend) {
        backend.teamFolders().grant(AuditLog.ADMIN_CLI, name, subject.type(), subject.name(), role);
        out().printf("granted %s the role %s on team folder '%s'%n", subject.describe(), role.label(), name);
    }
}
