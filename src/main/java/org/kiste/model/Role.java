package org.kiste.model;

import java.util.Locale;

/** What a grant on a team folder lets its holder do inside it; a stronger role includes the weaker ones. */
public enum Role {
    /** read and list */
    VIEWER(1, new Perms(Perms.READ)),
    /** also write, create, delete and rename inside */
    EDITOR(2, new Perms(Perms.READ | Perms.WRITE | Perms.CREATE | Perms.DELETE | Perms.RENAME)),
    /** also share */
    MANAGER(3, Perms.ALL);

    public final int code;
    private final Perms perms;

    Role(int code, Perms perms) {
        this.code = code;
        this.perms = perms;
    }

    public Perms perms() {
        return perms;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role of(int code) {
        for (Role r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role code " + code);
    }

    /** Parses viewer, editor or manager (any case). */
    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.label().equalsIgnoreCase(s.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + s + "': use viewer, editor or manager");
    }

    public static Role stronger(Role a, Role b) {
        if (a == null) {
            return b;
        }
        return b == null || a.code >= b.code ? a : b;
    }
}
