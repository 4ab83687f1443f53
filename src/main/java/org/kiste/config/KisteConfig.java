package org.kiste.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Typed view of the settings every part of Kiste reads; keys are documented in {@code conf/kiste.properties}. */
public record KisteConfig(
        String bind,
        int port,
        Path dataDir,
        Path blobDir,
        Optional<String> adminPassword,
        Optional<String> dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        Optional<URI> publicUrl,
        List<String> trustedProxies,
        long maxXmlBody,
        int trashRetentionDays,
        long lockMaxTimeoutSeconds,
        Settings settings) {

    public static KisteConfig from(Settings s) {
        Path data = Path.of(s.get("data", "./data")).toAbsolutePath().normalize();
        Optional<URI> publicUrl = s.get("public.url").map(u -> {
            try {
                URI uri = URI.create(u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException();
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new ConfigException("public.url (KISTE_PUBLIC_URL) must be an absolute http(s) URL, got '" + u + "'");
            }
        });
        int port = s.getInt("port", 8080);
        if (port < 0 || port > 65535) {
            throw new ConfigException("port (KISTE_PORT) must be 0..65535, got " + port);
        }
        return new KisteConfig(
                s.get("bind", "0.0.0.0"),
                port,
                data,
                Path.of(s.get("blob.dir", data.resolve("blobs").toString())).toAbsolutePath().normalize(),
                s.get("admin.password"),
                s.get("db.url"),
                s.get("db.user", "root"),
                s.get("db.password", ""),
                s.getInt("db.pool.size", 16),
                publicUrl,
                s.get("proxies.trusted").map(v -> Arrays.stream(v.split("[,\\s]+")).filter(x -> !x.isBlank()).toList())
                        .orElse(List.of()),
                s.getSize("dav.max-xml-body", 1L << 20),
                s.getInt("trash.retention-days", 30),
                s.getInt("dav.lock.max-timeout", 604_800),
                s);
    }

    public static KisteConfig load() {
        return from(Settings.load());
    }

    public boolean embeddedDatabase() {
        return dbUrl.isEmpty();
    }

    /** The path prefix every URL Kiste serves lives under ("" or e.g. "/kiste"). */
    public String contextPath() {
        return publicUrl.map(URI::getRawPath).filter(p -> !p.isEmpty() && !p.equals("/")).orElse("");
    }
}
