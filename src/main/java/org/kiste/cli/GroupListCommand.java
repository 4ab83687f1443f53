package org.kiste.cli;

import java.util.ArrayList;
import java.util.List;
import org.kiste.Backend;
import org.kiste.model.Group;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiste group list}: one row per group. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List groups: name, display name, number of members (and with --members, who they are).")
final class GroupListCommand extends AdminCommand {
    @Option(names = "--members", description = "Also list the members' login names.")
    boolean withMembers;

    @Override
    void run(Backend backend) {
        List<String[]> rows = new ArrayList<>();
        rows.add(
                withMembers
                        ? new String[] {"GROUP", "DISPLAY NAME", "MEMBERS", "LOGINS"}
                        : new String[] {"GROUP", "DISPLAY NAME", "MEMBERS"});
        for (Group g : backend.groups().list()) {
            String count = Integer.toString(g.members());
            rows.add(
                    withMembers
                            ? new String[] {
                                g.name(),
                                g.displayName(),
                                count,
                                String.join(",", backend.groups().members(g.name()))
                            }
                            : new String[] {g.name(), g.displayName(), count});
        }
        UserListCommand.print(out(), rows);
    }
}
