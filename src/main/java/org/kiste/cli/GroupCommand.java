package org.kiste.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kiste group}: groups of users, to which team folders are granted. */
@Command(
        name = "group",
        mixinStandardHelpOptions = true,
        description = {
            "Manage groups of users. Team folders granted to a group appear in every member's files.",
            "Every change is recorded in the audit trail (kiste audit list) with the actor 'admin-cli'.",
            "Exit status: 0 done, 1 refused (unknown group or user, duplicate name), 2 wrong usage."
        },
        subcommands = {
            GroupAddCommand.class,
            GroupRenameCommand.class,
            GroupListCommand.class,
            GroupAddMemberCommand.class,
            GroupRemoveMemberCommand.class,
            GroupDeleteCommand.class
        })
public final class GroupCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
