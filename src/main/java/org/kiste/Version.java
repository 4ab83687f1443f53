package org.kiste;

import picocli.CommandLine;

/** The version string, from the jar manifest (or "dev" when run from classes). */
public final class Version implements CommandLine.IVersionProvider {
    public static final String PRODUCT = "Kiste";

    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {PRODUCT + " " + get()};
    }
}
