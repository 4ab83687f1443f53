package org.kiste.dav;

/** A single satisfiable byte range of a representation of {@code length} bytes (RFC 9110 §14). */
public record ByteRange(long first, long last) {
    /** The header could not be used: serve the whole representation. */
    public static final ByteRange IGNORE = new ByteRange(-1, -1);
    /** No range in the header can be satisfied: 416. */
    public static final ByteRange UNSATISFIABLE = new ByteRange(-2, -2);

    public long length() {
        return last - first + 1;
    }

    /**
     * Parses {@code Range}. Only one range is honoured; several ranges, other units or bad syntax mean "send
     * everything" (allowed by RFC 9110 §14.2), except that an unsatisfiable single range answers 416.
     */
    public static ByteRange parse(String header, long length) {
        if (header == null) {
            return IGNORE;
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return IGNORE;
        }
        String spec = h.substring(6).trim();
        if (spec.contains(",")) {
            return IGNORE;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return IGNORE;
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                if (b.isEmpty()) {
                    return IGNORE;
                }
                long suffix = Long.parseLong(b);
                if (suffix < 0) {
                    return IGNORE;
                }
                if (suffix == 0 || length == 0) {
                    return UNSATISFIABLE;
                }
                return new ByteRange(Math.max(0, length - suffix), length - 1);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
            if (first < 0 || last < first) {
                return IGNORE;
            }
            if (first >= length) {
                return UNSATISFIABLE;
            }
            return new ByteRange(first, Math.min(last, length - 1));
        } catch (NumberFormatException e) {
            return IGNORE;
        }
    }
}
