package org.kiste.cli;

import org.kiste.Backend;
import org.kiste.audit.AuditLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kiste group add-member}. */
@Command(
        name = "add-member",
        mixinStandardHelpOptions = true,
        description = "Add a user to a group. A user may be in any number of groups.")
final class GroupAddMemberCommand extends AdminCommand {
    @Parameters(index = "0", paramLabel = "GROUP", description = "Group name.")
    String group;

    @Parameters(index = "1", paramLabel = "USER", description = "Login name.")
    String user;

    @Override
    void run(Backend backend) {
        boolean added = backend.groups().addMember(AuditLog.ADMIN_CLI, group, user);
        out().printf(added ? "added '%s' to group '%s'%n" : "'%s' already is a member of group '%s'%n", user, group);
    }
}
