package org.kiste.authz;

/**
 * What a cell of the matrix asks for.
 *
 * @param status the exact HTTP status (also of an allowed {@link Kind#BLIND} answer), or 0 for {@link #HIDDEN}
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
        /** allowed (207, or the status given), but the answer shows no name or size of what lies in the place */
        BLIND
    }

    static final Expect HIDDEN = new Expect(Kind.HIDDEN, 0);

    /** A cell: a status code, {@code hide}, {@code blind} (207) or {@code blind200}, or {@code -} (no such case: null). */
    static Expect parse(String cell) {
        if (cell.startsWith("blind")) {
            return new Expect(Kind.BLIND, cell.length() == 5 ? 207 : Integer.parseInt(cell.substring(5)));
        }
        return switch (cell) {
            case "hide" -> HIDDEN;
            case "-" -> null;
            default -> new Expect(Kind.STATUS, Integer.parseInt(cell));
        };
    }

    boolean allowed() {
        return kind == Kind.BLIND || (kind == Kind.STATUS && status >= 200 && status < 300);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STATUS -> Integer.toString(status);
            case HIDDEN -> "hide";
            case BLIND -> "blind " + status;
        };
    }
}
