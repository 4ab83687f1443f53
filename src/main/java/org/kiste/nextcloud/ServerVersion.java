package org.kiste.nextcloud;

/**
 * The Nextcloud server version Kiste presents to clients. One constant, used by {@code status.php} and (later)
 * the capabilities, so the two never disagree. 28 is new enough for every current desktop and mobile client.
 */
public final class ServerVersion {
    public static final String VERSION = "28.0.4.1";
    public static final String VERSION_STRING = "28.0.4";

    private ServerVersion() {
    }
}
