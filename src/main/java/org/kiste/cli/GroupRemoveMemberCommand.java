package org.kiste.cli;

import org.kiste.Backend;
import org.kiste.audit.AuditLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kiste group remove-member}. */
@Command(
        name = "remove-member",
        mixinStandardHelpOptions = true,
        description = "Remove a user from a group; the user loses what the group's grants gave them.")
final class GroupRemoveMemberCommand extends AdminCommand {
    @Parameters(index = "0", paramLabel = "GROUP", description = "Group name.")
    String group;

    @Parameters(index = "1", paramLabel = "USER", description = "Login name.")
    String user;

    @Override
    void run(Backend backend) {
        if (!backend.groups().removeMember(AuditLog.ADMIN_CLI, group, user)) {
            throw new OperatorError("'" + user + "' is not a member of group '" + group + "'");
        }
        out().printf("removed '%s' from group '%s'%n", user, group);
    }
}
