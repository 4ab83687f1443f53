package org.kiste.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Where a new password comes from: one line of stdin, or typed twice on the terminal without echo. */
final class PasswordInput {
    private PasswordInput() {}

    static String read(String login, boolean fromStdin) {
        return fromStdin ? firstLine(System.in) : prompt(login);
    }

    /**
     * Reads byte by byte up to the first newline so nothing after it is consumed; the line ending (LF or CRLF)
     * is not part of the password.
     */
    static String firstLine(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            boolean any = false;
            while ((b = in.read()) != -1) {
                any = true;
                if (b == '\n') {
                    break;
                }
                line.write(b);
            }
            if (!any) {
                throw new AdminCommand.OperatorError("no password on stdin");
            }
        } catch (IOException e) {
            throw new AdminCommand.OperatorError("cannot read the password from stdin: " + e.getMessage());
        }
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static String prompt(String login) {
        Console console = System.console();
        if (console == null) {
            throw new AdminCommand.OperatorError("no terminal: use --password-stdin");
        }
        char[] first = console.readPassword("New password for %s: ", login);
        char[] second = first == null ? null : console.readPassword("Repeat the password: ");
        try {
            if (first == null || second == null) {
                throw new AdminCommand.OperatorError("no password entered");
            }
            if (!Arrays.equals(first, second)) {
                throw new AdminCommand.OperatorError("the passwords do not match");
            }
            return new String(first);
        } finally {
            if (first != null) {
                Arrays.fill(first, '\0');
            }
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }
}
