package org.kiste.cli;

import org.kiste.Backend;
import org.kiste.files.Resolved;
import org.kiste.model.Account;
import org.kiste.model.FilePath;
import org.kiste.model.FilesException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kiste versions}: a file's earlier contents, as the user sees them. */
@Command(
        name = "versions",
        mixinStandardHelpOptions = true,
        description = {
            "List and restore the versions of a file.",
            "Every change of a file's content keeps what it replaced as a version; housekeeping thins them out "
                    + "(versions.schedule) and keeps them within versions.max-share of the free quota. Commands act as "
                    + "the user: a restore needs their write right and is refused (locked) while someone else holds "
                    + "a WebDAV lock on the file.",
            "Paths are written USER:/path/in/files, e.g. alice:/Documents/report.odt."
        },
        subcommands = {VersionsListCommand.class, VersionsRestoreCommand.class})
public final class VersionsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The user and the file a USER:/path argument names. */
    record Target(Account account, Resolved file) {}

    static Target target(Backend backend, String userPath) {
        int colon = userPath.indexOf(':');
        if (colon <= 0) {
            throw new AdminCommand.OperatorError("a file is written USER:/path/in/files, got '" + userPath + "'");
        }
        String login = userPath.substring(0, colon);
        Account account = backend.users()
                .find(login)
                .orElseThrow(() -> new AdminCommand.OperatorError("no such user '" + login + "'"));
        try {
            Resolved file = backend.files()
                    .find(account.principal(), FilePath.parse(userPath.substring(colon + 1)))
                    .orElseThrow(() -> new AdminCommand.OperatorError("no such file: " + userPath));
            if (file.isFolder()) {
                throw new AdminCommand.OperatorError(userPath + " is a folder; only files have versions");
            }
            return new Target(account, file);
        } catch (FilesException e) {
            throw new AdminCommand.OperatorError(userPath + ": " + e.getMessage());
        }
    }
}
