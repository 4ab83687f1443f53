package org.kiste.cli;

import org.kiste.Backend;
import org.kiste.files.Resolved;
import org.kiste.model.Account;
import org.kiste.model.FilePath;
import org.kiste.model.FilesException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiste lock break}: removes a lock by token, or every lock rooted at one path. */
@Command(
        name = "break",
        mixinStandardHelpOptions = true,
        description = {
            "Break WebDAV locks: the one with the given token, or with --path every lock rooted exactly "
                    + "at that file or folder (locks on folders above or files below it stay).",
            "The client that held a broken lock is not told; its next write with the old token is refused "
                    + "(412), and anyone may write the path again at once."
        })
final class LockBreakCommand extends AdminCommand {
    private static final String TOKEN_SCHEME = "opaquelocktoken:";

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Parameters(
                index = "0",
                paramLabel = "TOKEN",
                arity = "0..1",
                description =
                        "Lock token as 'lock list' shows it (opaquelocktoken:...; the prefix and <> may be left out).")
        String token;

        @Option(
                names = "--path",
                paramLabel = "USER:/PATH",
                description = "Break every lock rooted at this path of USER's files, e.g. alice:/Documents/report.odt.")
        String path;
    }

    @Override
    void run(Backend backend) {
        if (target.token != null) {
            String token = normalise(target.token);
            if (!backend.locks().breakLock(token)) {
                throw new OperatorError("no live lock with token " + token);
            }
            out().printf("broke lock %s%n", token);
            return;
        }
        int colon = target.path.indexOf(':');
        if (colon <= 0) {
            throw new OperatorError("--path must look like USER:/path/in/files, got '" + target.path + "'");
        }
        String login = target.path.substring(0, colon);
        Account account =
                backend.users().find(login).orElseThrow(() -> new OperatorError("no such user '" + login + "'"));
        Resolved node;
        try {
            node = backend.files()
                    .find(account.principal(), FilePath.parse(target.path.substring(colon + 1)))
                    .orElseThrow(() -> new OperatorError("no such file or folder: " + target.path));
        } catch (FilesException e) {
            throw new OperatorError(target.path + ": " + e.getMessage());
        }
        int broken = backend.locks().breakLocksAt(node.id());
        out().printf("broke %d lock%s on %s%n", broken, broken == 1 ? "" : "s", target.path);
    }

    private static String normalise(String token) {
        String t = token.trim();
        if (t.startsWith("<") && t.endsWith(">")) {
            t = t.substring(1, t.length() - 1).trim();
        }
        return t.regionMatches(true, 0, TOKEN_SCHEME, 0, TOKEN_SCHEME.length()) ? t : TOKEN_SCHEME + t;
    }
}
