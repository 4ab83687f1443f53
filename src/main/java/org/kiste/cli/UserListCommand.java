package org.kiste.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.kiste.Backend;
import org.kiste.config.Sizes;
import org.kiste.model.Account;
import picocli.CommandLine.Command;

/** {@code kiste user list}: one row per account. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List user accounts: login, display name, email, admin, enabled and quota.")
final class UserListCommand extends AdminCommand {
    private static final String[] HEADER = {"LOGIN", "DISPLAY NAME", "EMAIL", "ADMIN", "ENABLED", "QUOTA"};

    @Override
    void run(Backend backend) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Account a : backend.users().list()) {
            rows.add(new String[] {
                a.login(),
                orDash(a.displayName()),
                orDash(a.email()),
                yesNo(a.admin()),
                yesNo(a.enabled()),
                Sizes.format(a.quotaBytes())
            });
        }
        print(out(), rows);
    }

    static void print(PrintWriter out, List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].codePointCount(0, r[i].length()));
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]);
                if (i < r.length - 1) {
                    line.append(" ".repeat(width[i] - r[i].codePointCount(0, r[i].length()) + 2));
                }
            }
            out.println(line);
        }
        out.flush();
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
