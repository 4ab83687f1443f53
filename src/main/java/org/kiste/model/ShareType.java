package org.kiste.model;

/** The kinds of share, with Nextcloud's codes ({@code share_type}, {@code shareType}). */
public enum ShareType {
    USER(0),
    GROUP(1),
    LINK(3);

    public final int code;

    ShareType(int code) {
        this.code = code;
    }

    public static ShareType of(int code) {
        for (ShareType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown share type " + code);
    }
}
