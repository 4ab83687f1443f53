package org.kiste.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
        long linkLockMaxTimeoutSeconds,
        long propMaxValueBytes,
        int propMaxCount,
        long propMaxTotalBytes,
        int propfindInfinityMax,
        int uploadsMaxAgeHours,
        Optional<Tls> tls,
        Settings settings) {

    /**
     * The HTTPS listener: its port and where its certificate and private key are, either one PKCS#12 key store or
     * two PEM files. Only the choice is checked here; {@code server.ServerCertificate} reads the files.
     */
    public record Tls(
            int port,
            Optional<Path> keystore,
            String keystorePassword,
            Optional<Path> certificate,
            Optional<Path> privateKey) {}

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
                throw new ConfigException(
                        "public.url (KISTE_PUBLIC_URL) must be an absolute http(s) URL, got '" + u + "'");
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
                Path.of(s.get("blob.dir", data.resolve("blobs").toString()))
                        .toAbsolutePath()
                        .normalize(),
                s.get("admin.password"),
                s.get("db.url"),
                s.get("db.user", "root"),
                s.get("db.password", ""),
                s.getInt("db.pool.size", 16),
                publicUrl,
                s.get("proxies.trusted")
                        .map(v -> Arrays.stream(v.split("[,\\s]+"))
                                .filter(x -> !x.isBlank())
                                .toList())
                        .orElse(List.of()),
                s.getSize("dav.max-xml-body", 1L << 20),
                s.getInt("trash.retention-days", 30),
                s.getInt("dav.lock.max-timeout", 604_800),
                s.getInt("dav.lock.link-max-timeout", 1800),
                s.getSize("dav.props.max-value", 16L << 10),
                s.getInt("dav.props.max-count", 64),
                s.getSize("dav.props.max-bytes", 64L << 10),
                propfindInfinityMax(s),
                uploadsMaxAge(s),
                tls(s, port),
                s);
    }

    private static int propfindInfinityMax(Settings s) {
        int max = s.getInt("dav.propfind.infinity-max", 100_000);
        if (max < 0) {
            throw new ConfigException(
                    "dav.propfind.infinity-max (KISTE_DAV_PROPFIND_INFINITY_MAX) must be 0 or more," + " got " + max);
        }
        return max;
    }

    private static int uploadsMaxAge(Settings s) {
        int hours = s.getInt("uploads.max-age", 24);
        if (hours < 1) {
            throw new ConfigException("uploads.max-age (KISTE_UPLOADS_MAX_AGE) must be at least 1 hour, got " + hours);
        }
        return hours;
    }

    private static Optional<Tls> tls(Settings s, int port) {
        Optional<Path> keystore = s.get("tls.keystore").map(KisteConfig::file);
        Optional<Path> certificate = s.get("tls.certificate").map(KisteConfig::file);
        Optional<Path> privateKey = s.get("tls.private-key").map(KisteConfig::file);
        if (s.get("tls.port").isEmpty()) {
            for (String key : new String[] {"tls.keystore", "tls.certificate", "tls.private-key"}) {
                if (s.get(key).isPresent()) {
                    throw new ConfigException(
                            key + " (" + Settings.envName(key) + ") is set but tls.port (KISTE_TLS_PORT)"
                                    + " is not: set tls.port, e.g. 8443, to serve HTTPS");
                }
            }
            return Optional.empty();
        }
        int tlsPort = s.getInt("tls.port", 0);
        if (tlsPort < 0 || tlsPort > 65535) {
            throw new ConfigException("tls.port (KISTE_TLS_PORT) must be 0..65535, got " + tlsPort);
        }
        if (tlsPort != 0 && tlsPort == port) {
            throw new ConfigException("tls.port (KISTE_TLS_PORT) must differ from port (KISTE_PORT), both are " + port);
        }
        if (keystore.isPresent() && (certificate.isPresent() || privateKey.isPresent())) {
            throw new ConfigException("set either tls.keystore (KISTE_TLS_KEYSTORE) or tls.certificate and"
                    + " tls.private-key (KISTE_TLS_CERTIFICATE, KISTE_TLS_PRIVATE_KEY), not both");
        }
        if (keystore.isEmpty() && certificate.isEmpty() && privateKey.isEmpty()) {
            throw new ConfigException("tls.port (KISTE_TLS_PORT) is set, so HTTPS needs a certificate: set tls.keystore"
                    + " (KISTE_TLS_KEYSTORE, a PKCS#12 file) or tls.certificate and tls.private-key"
                    + " (KISTE_TLS_CERTIFICATE, KISTE_TLS_PRIVATE_KEY, PEM files)");
        }
        if (keystore.isEmpty() && certificate.isEmpty()) {
            throw new ConfigException("tls.private-key is set but tls.certificate (KISTE_TLS_CERTIFICATE) is not:"
                    + " name the PEM file with the certificate chain, e.g. fullchain.pem");
        }
        if (keystore.isEmpty() && privateKey.isEmpty()) {
            throw new ConfigException("tls.certificate is set but tls.private-key (KISTE_TLS_PRIVATE_KEY) is not:"
                    + " name the PEM file with the private key, e.g. privkey.pem");
        }
        return Optional.of(new Tls(tlsPort, keystore, s.get("tls.keystore.password", ""), certificate, privateKey));
    }

    private static Path file(String path) {
        return Path.of(path).toAbsolutePath().normalize();
    }

    public static KisteConfig load() {
        return from(Settings.load());
    }

    /** Like {@link #load()}, with {@code env} in place of the process environment. */
    public static KisteConfig load(Map<String, String> env) {
        return from(Settings.load(env));
    }

    public boolean embeddedDatabase() {
        return dbUrl.isEmpty();
    }

    /** The path prefix every URL Kiste serves lives under ("" or e.g. "/kiste"). */
    public String contextPath() {
        return publicUrl
                .map(URI::getRawPath)
                .filter(p -> !p.isEmpty() && !p.equals("/"))
                .orElse("");
    }
}
