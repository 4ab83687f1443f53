package org.kiste.authz;

/**
 * What a cell of the matrix asks for.
 *
 * @param status the exact HTTP status (also of an allowed {@link Kind#BLIND} answer), or 0 for {@link #HIDDEN}
 * @param kind   how the answer is judged
 */
record Expect(Kind kind, int status, String letters) {
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
        BLIND,
        /** 207 with exactly these {@code oc:permissions} letters, in Nextcloud's order */
        LETTERS
    }

    static final Expect HIDDEN = new Expect(Kind.HIDDEN, 0, null);

    /**
     * A cell: a status code, {@code hide}, {@code blind} (207) or {@code blind200}, {@code oc:permissions} letters
     * in capitals, or {@code -} (no such case: null).
     */
    static Expect parse(String cell) {
        if (cell.startsWith("blind")) {
            return new Expect(Kind.BLIND, cell.length() == 5 ? 207 : Integer.parseInt(cell.substring(5)), null);
        }
        if (cell.matches("[SRMGDNVWCK]+")) {
            return new Expect(Kind.LETTERS, 207, cell);
        }
        return switch (cell) {
            case "hide" -> HIDDEN;
            case "-" -> null;
            default -> new Expect(Kind.STATUS, Integer.parseInt(cell), null);
        };
    }

    boolean allowed() {
        return kind == Kind.BLIND || kind == Kind.LETTERS || (kind == Kind.STATUS && status >= 200 && status < 300);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STATUS -> Integer.toString(status);
            case HIDDEN -> "hide";
            case BLIND -> "blind " + status;
            case LETTERS -> letters;
        };
    }
}
