package org.kiste.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kiste folder}: team folders and the grants on them. */
@Command(
        name = "folder",
        mixinStandardHelpOptions = true,
        description = {
            "Manage team folders: shared spaces with their own quota, shown as a top-level folder in the "
                    + "files of every user granted a role on them, directly or through a group.",
            "Roles: viewer (read), editor (read, write, create, delete, rename inside), manager (editor + share). "
                    + "A user's role is the strongest of their own grant and their groups' grants.",
            "Every change is recorded in the audit trail (kiste audit list) with the actor 'admin-cli'.",
            "Exit status: 0 done, 1 refused (unknown folder, group or user, duplicate name), 2 wrong usage "
                    + "(e.g. an unknown role)."
        },
        subcommands = {
            FolderCreateCommand.class,
            FolderRenameCommand.class,
            FolderDeleteCommand.class,
            FolderRestoreCommand.class,
            FolderGrantCommand.class,
            FolderRevokeCommand.class,
            FolderQuotaCommand.class,
            FolderListCommand.class
        })
public final class FolderCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
