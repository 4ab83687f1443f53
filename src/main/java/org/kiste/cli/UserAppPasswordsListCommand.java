package org.kiste.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.kiste.Backend;
import org.kiste.auth.UserService;
import org.kiste.model.Account;
import org.kiste.model.AppPassword;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kiste user app-passwords list}: one row per app password, never the secret (it is not stored). */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List a user's app passwords: id, client name, when created and when last used (to the minute).")
final class UserAppPasswordsListCommand extends AdminCommand {
    private static final String[] HEADER = {"ID", "CREATED", "LAST USED", "NAME"};
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Parameters(index = "0", paramLabel = "USER", description = "Login name.")
    String login;

    @Override
    void run(Backend backend) {
        Account a = backend.users()
                .find(login)
                .orElseThrow(() -> new UserService.UserException("no such user '" + login + "'"));
        List<AppPassword> all = backend.appPasswords().list(a.id());
        if (all.isEmpty()) {
            out().printf("user '%s' has no app passwords%n", login);
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (AppPassword p : all) {
            rows.add(new String[] {Long.toString(p.id()), time(p.createdAt()), time(p.lastUsedAt()), p.name()});
        }
        UserListCommand.print(out(), rows);
    }

    private static String time(Instant t) {
        return t == null ? "never" : TIME.format(t);
    }
}
