package org.kiste.config;

/** The product name and version string, from the jar manifest (or "dev" when run from classes). */
public final class Version {
    public static final String PRODUCT = "Kiste";

    private Version() {}

    public static String get() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
