package org.kiste.authz;

/**
 * What a cell of the matrix asks for.
 *
 * @param status the exact HTTP status, or 0 for {@link #HIDDEN} and {@link #BLIND}
 * @param kind   how the answer is judged
 */
record Expect(Kind kind, int status) {
    enum Kind {
        /** exactly this status, and the effect (or its absence) checked afterwards */
        STATUS,
        /**
         * the thing must not exist for this actor: refused exactly as the same request to a place that never
         * existed (same status, 404 or 409 for a request aimed at it), nothing changed, and no name or size of
         * what lies there in the answer
         */
        HIDDEN,
        /** allowed (207), but the listing shows no name or size of the place the actor has no access to */
        BLIND
    }

    static final Expect HIDDEN = new Expect(Kind.HIDDEN, 0);
    static final Expect BLIND = new Expect(Kind.BLIND, 0);

    /** A cell: a status code, {@code hide}, {@code blind}, or {@code -} (no such case: null). */
    static Expect parse(String cell) {
        return switch (cell) {
            case "hide" -> HIDDEN;
            case "blind" -> BLIND;
            case "-" -> null;
            default -> new Expect(Kind.STATUS, Integer.parseInt(cell));
        };
    }

    boolean allowed() {
        return kind == Kind.BLIND || (kind == Kind.STATUS && status >= 200 && status < 300);
    }

    @Override
    public String toString() {
        return kind == Kind.STATUS ? Integer.toString(status) : kind.name().toLowerCase();
    }
}
