package org.kiste.nextcloud;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Nextcloud server version Kiste presents to clients. One constant, used by {@code status.php} and the OCS
 * capabilities' {@code version} block, so the two never disagree. 28 is new enough for every current desktop and
 * mobile client; features are switched off through capabilities, never through an old version number.
 */
public final class ServerVersion {
    public static final String VERSION = "28.0.4.1";
    public static final String VERSION_STRING = "28.0.4";

    private ServerVersion() {}

    private static int part(int index) {
        return Integer.parseInt(VERSION.split("\\.")[index]);
    }

    public static int major() {
        return part(0);
    }

    public static int minor() {
        return part(1);
    }

    public static int micro() {
        return part(2);
    }

    /** The capabilities' {@code version} object, as Nextcloud sends it. */
    public static Map<String, Object> capabilityBlock() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("major", major());
        v.put("minor", minor());
        v.put("micro", micro());
        v.put("string", VERSION_STRING);
        v.put("edition", "");
        v.put("extendedSupport", false);
        return v;
    }
}
