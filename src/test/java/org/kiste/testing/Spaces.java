package org.kiste.testing;

import java.util.concurrent.atomic.AtomicInteger;
import org.kiste.audit.AuditLog;
import org.kiste.model.Role;
import org.kiste.model.Subject;

/**
 * Spaces with a quota for tests: a user whose home holds at most so many bytes, a team folder with its own quota
 * and its editors. Grants are made before the editors' first request, so no mount cache holds an older state.
 */
public final class Spaces {
    private static final AtomicInteger FOLDERS = new AtomicInteger();

    private final TestServer ts;

    public Spaces(TestServer ts) {
        this.ts = ts;
    }

    /** A fresh user (password "pw-" + login) whose home has a quota of {@code bytes} (-1: none). */
    public String user(String prefix, long bytes) {
        String login = ts.newUser(prefix);
        ts.users().setQuota(login, bytes);
        return login;
    }

    /** A fresh team folder with a quota of {@code bytes} (-1: none), mounted for each editor; returns its name. */
    public String teamFolder(long bytes, String... editors) {
        String name = "Team" + FOLDERS.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        ts.backend.teamFolders().create(AuditLog.ADMIN_CLI, name, bytes);
        for (String editor : editors) {
            ts.backend.teamFolders().grant(AuditLog.ADMIN_CLI, name, Subject.Type.USER, editor, Role.EDITOR);
        }
        return name;
    }
}
