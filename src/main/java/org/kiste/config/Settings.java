package org.kiste.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Raw key/value settings: {@code conf/kiste.properties} overlaid by the environment.
 * A key {@code db.url} is overridden by {@code KISTE_DB_URL}; the environment always wins over the file.
 */
public final class Settings {
    private final Map<String, String> file;
    private final Map<String, String> env;

    public Settings(Map<String, String> file, Map<String, String> env) {
        this.file = Map.copyOf(file);
        this.env = Map.copyOf(env);
    }

    /** Reads {@code KISTE_CONF} (or {@code conf/kiste.properties} when it exists) and the process environment. */
    public static Settings load() {
        return load(System.getenv());
    }

    /** Like {@link #load()}, with {@code env} in place of the process environment. */
    public static Settings load(Map<String, String> env) {
        String conf = env.getOrDefault("KISTE_CONF", "conf/kiste.properties");
        return new Settings(readProperties(Path.of(conf)), env);
    }

    static Map<String, String> readProperties(Path path) {
        Map<String, String> out = new HashMap<>();
        if (!Files.isRegularFile(path)) {
            return out;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + path + ": " + e.getMessage());
        }
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
        return out;
    }

    public static String envName(String key) {
        return "KISTE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The value of a key, blank values counting as absent. */
    public Optional<String> get(String key) {
        String v = env.get(envName(key));
        if (v == null || v.isBlank()) {
            v = file.get(key);
        }
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public int getInt(String key, int fallback) {
        String v = get(key).orElse(null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " (" + envName(key) + ") must be a number, got '" + v + "'");
        }
    }

    public long getSize(String key, long fallback) {
        String v = get(key).orElse(null);
        if (v == null) {
            return fallback;
        }
        try {
            return Sizes.parse(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + " (" + envName(key) + "): " + e.getMessage());
        }
    }

    /** {@code true} or {@code false}, in any case; anything else is refused. */
    public boolean getBoolean(String key, boolean fallback) {
        String v = get(key).orElse(null);
        if (v == null) {
            return fallback;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(key + " (" + envName(key) + ") must be true or false, got '" + v + "'");
    }
}
