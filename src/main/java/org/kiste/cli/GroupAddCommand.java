package org.kiste.cli;

import org.kiste.Backend;
import org.kiste.audit.AuditLog;
import org.kiste.model.Group;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiste group add}. */
@Command(name = "add", mixinStandardHelpOptions = true, description = "Create a group.")
final class GroupAddCommand extends AdminCommand {
    @Parameters(
            index = "0",
            paramLabel = "GROUP",
            description = "Group name: 1-64 letters, digits, spaces, '.', '_', '-' or '@'.")
    String name;

    @Option(names = "--display-name", paramLabel = "TEXT", description = "Name shown to users (default: GROUP).")
    String displayName;

    @Override
    void run(Backend backend) {
        Group g = backend.groups().add(AuditLog.ADMIN_CLI, name, displayName);
        out().printf("created group '%s'%n", g.name());
    }
}
