package org.kiste.files;

/** The name an item takes when its own is taken, as Nextcloud numbers them: {@code Name (2)}, {@code report (2).odt}. */
public final class NumberedName {
    private NumberedName() {}

    /** {@code Name (n)}; a file keeps its extension last. */
    public static String of(String name, int n, boolean file) {
        int dot = file ? name.lastIndexOf('.') : -1;
        if (dot > 0) {
            return name.substring(0, dot) + " (" + n + ")" + name.substring(dot);
        }
        return name + " (" + n + ")";
    }
}
