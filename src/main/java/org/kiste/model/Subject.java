package org.kiste.model;

/** Who a grant is for: one user or every member of a group. */
public record Subject(Type type, long id, String name) {
    public enum Type {
        USER(1),
        GROUP(2);

        public final int code;

        Type(int code) {
            this.code = code;
        }

        public static Type of(int code) {
            return code == 1 ? USER : GROUP;
        }

        public String label() {
            return this == USER ? "user" : "group";
        }
    }

    /** {@code user:alice}, {@code group:sales}: how listings and the audit trail name a subject. */
    @Override
    public String toString() {
        return type.label() + ":" + name;
    }
}
