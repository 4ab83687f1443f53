package org.kiste.model;

/** What an error message repeats of a name it refused: enough to recognise it, never the whole of a long input. */
public final class Echo {
    /** The most characters of an input a message repeats. */
    public static final int MAX = 64;

    private Echo() {}

    /** {@code input} in single quotes, cut after {@link #MAX} characters with "…". */
    public static String quoted(String input) {
        String s = String.valueOf(input);
        if (s.length() > MAX) {
            int end = Character.isHighSurrogate(s.charAt(MAX - 1)) ? MAX - 1 : MAX;
            s = s.substring(0, end) + "…";
        }
        return "'" + s + "'";
    }
}
