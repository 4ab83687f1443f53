package org.kiste.server;

import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.kiste.Backend;
import org.kiste.auth.LoginFlows;
import org.kiste.auth.WebSessions;
import org.kiste.config.KisteConfig;
import org.kiste.dav.DavArea;
import org.kiste.dav.DavRouter;
import org.kiste.dav.DavServlet;
import org.kiste.dav.PublicDavServlet;
import org.kiste.dav.RootPage;
import org.kiste.nextcloud.LoginFlowServlet;
import org.kiste.nextcloud.StatusServlet;
import org.kiste.nextcloud.bulk.BulkLimits;
import org.kiste.nextcloud.bulk.BulkOffer;
import org.kiste.nextcloud.bulk.BulkUpload;
import org.kiste.nextcloud.ocs.OcsRoutes;
import org.kiste.nextcloud.ocs.OcsServlet;
import org.kiste.nextcloud.trashbin.TrashbinArea;
import org.kiste.nextcloud.upload.UploadsArea;
import org.kiste.nextcloud.versions.VersionsArea;
import org.kiste.share.link.LinkGate;
import org.kiste.store.BlobCollector;
import org.kiste.store.FolderFolding;
import org.kiste.store.TrashPurge;
import org.kiste.uploads.TransferExpiry;
import org.kiste.web.SessionLogin;
import org.kiste.web.login.LoginPagesServlet;
import org.kiste.web.publiclink.LinkPagesServlet;
import org.kiste.web.ui.UiServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty wiring: the HTTP connector (and the HTTPS one when {@code tls.port} is set), the servlets of each door,
 * the access log and graceful shutdown.
 */
public final class KisteServer {
    private static final Logger log = LoggerFactory.getLogger(KisteServer.class);

    private final Backend backend;
    private final Server jetty;
    private final ServerConnector connector;
    private final ServerConnector tlsConnector;
    private final FolderFolding folding;
    private final Maintenance maintenance;

    public KisteServer(Backend backend) {
        this(backend, backend.config());
    }

    /** A server with its own HTTP settings (port, public URL, proxies) over an existing backend. */
    public KisteServer(Backend backend, KisteConfig cfg) {
        this(backend, cfg, Clock.systemUTC());
    }

    /** As above, with the clock that times login flows (tests move it forward). */
    public KisteServer(Backend backend, KisteConfig cfg, Clock clock) {
        this.backend = backend;
        if (cfg.publicUrl().isEmpty() && !isLoopback(cfg.bind())) {
            // without it, absolute URLs (Login Flow, share links) are built from the request's Host header
            log.warn(
                    "public.url is not set and the server listens on {}: set public.url (KISTE_PUBLIC_URL) to"
                            + " the address clients use, so no absolute URL is built from a request's Host header",
                    cfg.bind());
        }
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("kiste-http");
        jetty = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        // no answer names the server software or its version
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setSendDateHeader(true);
        http.setRequestHeaderSize(16 * 1024);
        // file names may contain '%', '\' and other characters the default compliance rejects; paths are decoded
        // by Kiste itself from the raw URI
        // "//" (clients joining a base ending in "/" with a path beginning with "/") and raw [ ] { } ^ | (the ownCloud
        // client and KDE send them unencoded) are accepted as Apache and nginx accept them
        http.setUriCompliance(UriCompliance.from("DEFAULT,AMBIGUOUS_PATH_ENCODING,SUSPICIOUS_PATH_CHARACTERS,"
                + "AMBIGUOUS_PATH_SEPARATOR,AMBIGUOUS_EMPTY_SEGMENT,ILLEGAL_PATH_CHARACTERS"));
        // never parse PUT bodies as forms (that would consume the upload)
        http.setFormEncodedMethods("POST");
        if (!cfg.trustedProxies().isEmpty()) {
            http.addCustomizer(new TrustedProxyCustomizer(new HashSet<>(cfg.trustedProxies())));
        }
        HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(http);
        // each stream of a connection may hold a worker: one connection holds at most this many
        int maxStreams = Math.max(1, cfg.settings().getInt("http.h2.max-streams", 16));
        h2c.setMaxConcurrentStreams(maxStreams);
        // what a connection still reads of a body refused before it was read, once the answer is out: what has
        // already arrived, in buffers of the input buffer size, up to the bound; then Jetty closes the connection
        HttpConnectionFactory http11 = new HttpConnectionFactory(http);
        // a big body is read from the socket in reads of this size (Jetty's default is 8 KiB): an eighth of the
        // reads and hand-overs per byte; a connection holds the buffer only while bytes wait in it
        http11.setInputBufferSize(64 * 1024);
        long discardBytes = 1024L * Math.max(1, cfg.settings().getInt("http.discard-kib", 64));
        http.setMaxUnconsumedRequestContentReads((int) Math.max(1, discardBytes / http11.getInputBufferSize()));
        // the plain port sends big stored files by sendfile unless turned off (a file system that does not support it)
        connector = cfg.settings().getBoolean("http.sendfile", true)
                ? new FileSendingConnector(jetty, http11, h2c)
                : new ServerConnector(jetty, http11, h2c);
        connector.setHost(cfg.bind());
        connector.setPort(cfg.port());
        connector.setIdleTimeout(120_000);
        jetty.addConnector(connector);
        tlsConnector = cfg.tls()
                .map(tls -> httpsConnector(tls, http, cfg.bind(), maxStreams))
                .orElse(null);
        if (tlsConnector != null) {
            jetty.addConnector(tlsConnector);
        }
        long minBodyRate = Math.max(0, cfg.settings().getInt("http.min-body-rate", 1024));
        Duration rateWindow = Duration.ofSeconds(Math.max(1, cfg.settings().getInt("http.body-rate-window", 20)));
        Duration headerDeadline = Duration.ofSeconds(Math.max(1, cfg.settings().getInt("http.header-timeout", 20)));
        SlowClientGuard guard = new SlowClientGuard(jetty.getScheduler(), headerDeadline, minBodyRate, rateWindow);
        for (Connector c : jetty.getConnectors()) {
            c.addEventListener(guard);
        }

        ServletContextHandler ctx = new ServletContextHandler();
        ctx.setContextPath(cfg.contextPath().isEmpty() ? "/" : cfg.contextPath());
        ctx.getServletHandler().setDecodeAmbiguousURIs(true);
        ctx.setAllowNullPathInContext(true);
        DavRouter router = new DavRouter(cfg.contextPath());
        RootPage rootPage = new RootPage(cfg.publicUrl().map(URI::toString).orElse(null));
        ctx.addServlet(new ServletHolder("health", new HealthServlet(backend.database())), "/health");
        ctx.addServlet(new ServletHolder("status", new StatusServlet()), "/status.php");
        LoginFlows loginFlows = new LoginFlows(
                backend.database(),
                backend.appPasswords()::create,
                backend.throttles(),
                clock,
                Duration.ofMinutes(Math.max(1, cfg.settings().getInt("login.flow-minutes", 20))));
        LoginFlowServlet loginFlow = new LoginFlowServlet(loginFlows, rootPage::base);
        // the login form takes account passwords only: an app password must not be able to mint further ones
        LoginPagesServlet loginPages = new LoginPagesServlet(loginFlows, backend.accountLogins());
        for (String prefix : new String[] {"/index.php/login/v2", "/login/v2"}) {
            ctx.addServlet(new ServletHolder("login-flow" + prefix, loginFlow), prefix + "/*");
            ctx.addServlet(new ServletHolder("login-pages" + prefix, loginPages), prefix + "/flow/*");
        }
        // public links: the page (with its multipart upload form) and WebDAV; one gate, so wrong passwords count
        // the same on both
        LinkGate linkGate = new LinkGate(backend.links(), backend.throttles(), backend.knownAddresses());
        LinkPagesServlet linkPages = new LinkPagesServlet(backend.files(), linkGate, clock);
        // parts above 1 MiB wait in files under the data directory until they are stored; the form is read only
        // once its sender may upload and its length fits the owner's room, which bounds what waits here
        Path spool = cfg.dataDir().resolve("tmp").resolve("link-uploads");
        try {
            Files.createDirectories(spool);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + spool, e);
        }
        for (String prefix : new String[] {"/index.php/s", "/s"}) {
            ServletHolder h = new ServletHolder("link-pages" + prefix, linkPages);
            h.getRegistration().setMultipartConfig(new MultipartConfigElement(spool.toString(), -1, -1, 1 << 20));
            ctx.addServlet(h, prefix + "/*");
        }
        ServletHolder publicDav = new ServletHolder(
                "public-dav", new PublicDavServlet(backend.files(), linkGate, router, cfg.maxXmlBody()));
        ctx.getServletHandler().addServlet(publicDav);
        ServletMapping publicDavPaths = new ServletMapping();
        publicDavPaths.setServletName("public-dav");
        publicDavPaths.setPathSpecs(new String[] {"/public.php/dav/files/*", "/public.php/webdav/*"});
        ctx.getServletHandler().addServletMapping(publicDavPaths);
        // the web pages' sessions; the WebDAV and OCS doors take them only with their requesttoken header
        WebSessions webSessions = new WebSessions(
                backend.database(),
                clock,
                Duration.ofMinutes(Math.max(1, cfg.settings().getInt("ui.session-idle-minutes", 480))),
                Duration.ofHours(Math.max(1, cfg.settings().getInt("ui.session-max-hours", 168))));
        SessionLogin sessionLogin = new SessionLogin(webSessions);
        ctx.addServlet(
                new ServletHolder(
                        "ui",
                        new UiServlet(
                                sessionLogin,
                                backend.accountLogins(),
                                backend.files(),
                                rootPage::base,
                                // the language a user chose in the settings, over Accept-Language
                                user -> backend.preferences().language(user.userId()))),
                "/ui/*");
        ServletHolder ocs = new ServletHolder(
                "ocs",
                new OcsServlet(
                        backend.logins(),
                        sessionLogin,
                        OcsRoutes.all(
                                backend.users(),
                                backend.files(),
                                backend.appPasswords(),
                                backend.shares(),
                                backend.groups(),
                                backend.teamFolders(),
                                backend.audit(),
                                cfg.publicUrl(),
                                bulkOffer(cfg),
                                backend.preferences())));
        ctx.getServletHandler().addServlet(ocs);
        ServletMapping ocsPaths = new ServletMapping();
        ocsPaths.setServletName("ocs");
        ocsPaths.setPathSpecs(new String[] {"/ocs/v1.php/*", "/ocs/v2.php/*"});
        ctx.getServletHandler().addServletMapping(ocsPaths);
        // beside the files trees, the areas of Nextcloud's WebDAV: chunked uploads, the trash bin and file versions
        java.util.List<DavArea> areas = java.util.List.of(
                new UploadsArea(backend.chunkedUploads(), backend.files()),
                new TrashbinArea(backend.files().trashBin(), backend.files().ids()),
                new VersionsArea(backend.files().versions(), backend.files().ids()));
        ctx.addServlet(
                new ServletHolder(
                        "dav",
                        new DavServlet(
                                backend.files(),
                                backend.logins(),
                                sessionLogin,
                                router,
                                rootPage,
                                cfg.maxXmlBody(),
                                areas,
                                java.util.List.of(new BulkUpload(backend.files(), bulkLimits(cfg))))),
                "/");
        ctx.addFilter(
                new org.eclipse.jetty.ee10.servlet.FilterHolder(new UnavailableFilter()),
                "/*",
                java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        ctx.setErrorHandler(new PlainErrorHandler());
        jetty.setErrorHandler(new BadRequestErrorHandler()); // for requests refused before they reach the context

        // HTTP/2 streams share their connection, so their body rate is measured per request
        // an answer given before its body was read says it ends its HTTP/1.1 connection
        GracefulHandler graceful = new GracefulHandler(new UnreadBodyClose(
                new StreamBodyGuard(ctx, jetty.getScheduler(), minBodyRate, rateWindow), discardBytes));
        jetty.setHandler(graceful);
        jetty.setStopTimeout(30_000);
        jetty.setStopAtShutdown(false);
        // tokens in the request line are cut by the log pattern (LogRedaction), as in every other line
        Slf4jRequestLogWriter accessLog = new Slf4jRequestLogWriter();
        accessLog.setLoggerName("kiste.access");
        jetty.setRequestLog(new CustomRequestLog(accessLog, "%{client}a %u \"%r\" %s %O %{ms}Tms"));
        folding = new FolderFolding(backend.database());
        maintenance = new Maintenance(
                backend.database(),
                new TrashPurge(backend.database(), Duration.ofDays(Math.max(0, cfg.trashRetentionDays()))),
                BlobCollector.forServer(backend.database(), backend.blobs()),
                java.util.List.of(
                        new Maintenance.Job(
                                "kiste.upload-expiry",
                                new TransferExpiry(
                                        backend.chunkedUploads(),
                                        Duration.ofHours(cfg.uploadsMaxAgeHours()),
                                        java.time.Clock.systemUTC())::run),
                        new Maintenance.Job("kiste.version-expiry", versionExpiry(backend)::run),
                        new Maintenance.Job("kiste.login-flow-purge", loginFlows::purgeExpired),
                        new Maintenance.Job("kiste.web-session-purge", webSessions::purgeIdle),
                        new Maintenance.Job(
                                "kiste.throttle-purge",
                                () -> backend.throttles().purgeExpired()
                                        + backend.knownAddresses().purgeExpired()),
                        // team folders deleted with "folder delete" stay in the organisation's trash as long as files
                        // stay in a user's trash
                        new Maintenance.Job(
                                "kiste.team-folder-purge",
                                () -> backend.teamFolders()
                                        .purgeTrashed(
                                                Duration.ofDays(Math.max(0, cfg.trashRetentionDays())),
                                                java.time.Clock.systemUTC(),
                                                20))));
    }

    /** The housekeeping of versions from {@code versions.schedule} and {@code versions.max-share} (percent). */
    static org.kiste.files.VersionExpiry versionExpiry(Backend backend) {
        org.kiste.config.Settings s = backend.config().settings();
        int share = s.getInt("versions.max-share", 50);
        if (share < 0 || share > 100) {
            throw new org.kiste.config.ConfigException("versions.max-share ("
                    + org.kiste.config.Settings.envName("versions.max-share") + ") is a percentage, 0 to 100, got "
                    + share);
        }
        String spec = s.get("versions.schedule", org.kiste.files.VersionSchedule.NEXTCLOUD);
        try {
            return backend.files().versionExpiry(org.kiste.files.VersionSchedule.parse(spec), share);
        } catch (IllegalArgumentException e) {
            throw new org.kiste.config.ConfigException("versions.schedule ("
                    + org.kiste.config.Settings.envName("versions.schedule") + "): " + e.getMessage());
        }
    }

    /** Nextcloud's bulk upload: files per request, header bytes per part, body bytes per request. */
    private static BulkLimits bulkLimits(KisteConfig cfg) {
        BulkLimits d = BulkLimits.DEFAULT;
        try {
            return new BulkLimits(
                    cfg.settings().getInt("bulk.max-parts", d.maxParts()),
                    (int) Math.min(1 << 20, cfg.settings().getSize("bulk.max-part-headers", d.maxPartHeaderBytes())),
                    cfg.settings().getSize("bulk.max-bytes", d.maxBytes()));
        } catch (IllegalArgumentException e) {
            throw new org.kiste.config.ConfigException(
                    "bulk.max-parts, bulk.max-part-headers (at least 256) and" + " bulk.max-bytes must be positive");
        }
    }

    /** To whom the capabilities offer bulk upload ({@code bulk.offer}: all, safe, none). */
    private static BulkOffer bulkOffer(KisteConfig cfg) {
        try {
            return BulkOffer.parse(cfg.settings().get("bulk.offer", "safe"));
        } catch (IllegalArgumentException e) {
            throw new org.kiste.config.ConfigException(e.getMessage());
        }
    }

    static boolean isLoopback(String bind) {
        try {
            return java.net.InetAddress.getByName(bind).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** HTTPS offering h2 and HTTP/1.1 by ALPN, with the settings of the plain connector. */
    private ServerConnector httpsConnector(KisteConfig.Tls tls, HttpConfiguration http, String bind, int maxStreams) {
        ServerCertificate.Loaded cert = ServerCertificate.load(tls);
        ServerCertificate.report(cert);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(cert.keyStore());
        ssl.setKeyStorePassword(cert.password());
        // RFC 9113 §9.2.2: h2 over TLS 1.2 needs an AEAD cipher, so those go first
        ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);

        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // clients reach Kiste by IP address, by LAN names and on loopback, not only by the certificate's names;
        // checking the name against the certificate is the client's job
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(https);
        h2.setMaxConcurrentStreams(maxStreams);
        HttpConnectionFactory http11 = new HttpConnectionFactory(https);
        // ALPN ids as clients send them (RFC 7301 §6): "http/1.1", not Jetty's protocol name "HTTP/1.1"
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol("http/1.1");

        ServerConnector c =
                new ServerConnector(jetty, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2, http11);
        c.setHost(bind);
        c.setPort(tls.port());
        c.setIdleTimeout(120_000);
        return c;
    }

    public void start() throws Exception {
        jetty.start();
        folding.start(1000);
        // every two minutes: the bytes of emptied trash are reclaimed within minutes
        maintenance.start(Duration.ofMinutes(2));
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The HTTPS port, or -1 when HTTPS is off. */
    public int tlsPort() {
        return tlsConnector == null ? -1 : tlsConnector.getLocalPort();
    }

    /** Stops accepting, lets in-flight requests finish (up to 30 s), then stops. */
    public void stop() {
        try {
            maintenance.close();
            folding.close();
            jetty.stop();
        } catch (Exception e) {
            log.warn("error while stopping: {}", e.getMessage());
        }
    }

    /** {@code kiste serve}: start everything, print where to connect, run until SIGTERM. */
    public static int runForeground() throws Exception {
        KisteConfig cfg = KisteConfig.load();
        // a bad certificate or key stops the start before the database does (it is read again below)
        cfg.tls().ifPresent(ServerCertificate::load);
        Backend backend = Backend.open(cfg, false);
        Optional<String> adminPassword;
        KisteServer server;
        try {
            adminPassword = backend.users().ensureAdmin(cfg.adminPassword());
            server = new KisteServer(backend);
            server.start();
        } catch (Exception | Error e) {
            backend.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("shutting down");
                            server.stop();
                            backend.close();
                            stopped.countDown();
                        },
                        "kiste-shutdown"));
        String host = cfg.bind().equals("0.0.0.0") ? "localhost" : cfg.bind();
        String base =
                cfg.publicUrl().map(URI::toString).orElse("http://" + host + ":" + server.port() + cfg.contextPath());
        StringBuilder banner = new StringBuilder("\n  Kiste is running.\n")
                .append("    WebDAV:       ")
                .append(base)
                .append("/remote.php/dav/files/<user>/\n")
                .append("    Short mount:  ")
                .append(base)
                .append("/dav/\n");
        if (server.tlsPort() >= 0) {
            String https = "https://" + host + ":" + server.tlsPort() + cfg.contextPath();
            banner.append("    HTTPS:        ")
                    .append(https)
                    .append("/remote.php/dav/files/<user>/  (short: ")
                    .append(https)
                    .append("/dav/)\n");
        }
        banner.append("    Health:       ").append(base).append("/health\n");
        if (adminPassword.isPresent()) {
            banner.append("    First admin login: admin / ")
                    .append(adminPassword.get())
                    .append("   (shown once; change it with scripts/kiste user passwd admin)\n");
        } else {
            banner.append("    Admin login: admin (password as configured or set earlier)\n");
        }
        System.out.println(banner);
        System.out.flush();
        stopped.await();
        return 0;
    }
}
