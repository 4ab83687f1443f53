package org.kiste.model;

public enum NodeKind {
    FILE(1),
    FOLDER(2);

    public final int code;

    NodeKind(int code) {
        this.code = code;
    }

    public static NodeKind of(int code) {
        return code == 2 ? FOLDER : FILE;
    }
}
