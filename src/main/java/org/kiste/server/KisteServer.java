package org.kiste.server;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.Slf4jRequestLogWriter;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.kiste.Backend;
import org.kiste.config.KisteConfig;
import org.kiste.dav.DavRouter;
import org.kiste.dav.DavServlet;
import org.kiste.dav.RootPage;
import org.kiste.nextcloud.StatusServlet;
import org.kiste.store.BlobCollector;
import org.kiste.store.FolderFolding;
import org.kiste.store.TrashPurge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Jetty wiring: one connector, the servlets of each door, the access log and graceful shutdown. */
public final class KisteServer {
    private static final Logger log = LoggerFactory.getLogger(KisteServer.class);

    private final Backend backend;
    private final Server jetty;
    private final ServerConnector connector;
    private final FolderFolding folding;
    private final Maintenance maintenance;

    public KisteServer(Backend backend) {
        this(backend, backend.config());
    }

    /** A server with its own HTTP settings (port, public URL, proxies) over an existing backend. */
    public KisteServer(Backend backend, KisteConfig cfg) {
        this.backend = backend;
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("kiste-http");
        jetty = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        http.setRequestHeaderSize(16 * 1024);
        // file names may contain '%', '\' and other characters the default compliance rejects; paths are decoded
        // by Kiste itself from the raw URI
        http.setUriCompliance(UriCompliance.from("DEFAULT,AMBIGUOUS_PATH_ENCODING,SUSPICIOUS_PATH_CHARACTERS,AMBIGUOUS_PATH_SEPARATOR"));
        // never parse PUT bodies as forms (that would consume the upload)
        http.setFormEncodedMethods("POST");
        if (!cfg.trustedProxies().isEmpty()) {
            http.addCustomizer(new TrustedProxyCustomizer(new HashSet<>(cfg.trustedProxies())));
        }
        connector = new ServerConnector(jetty, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http));
        connector.setHost(cfg.bind());
        connector.setPort(cfg.port());
        connector.setIdleTimeout(120_000);
        jetty.addConnector(connector);

        ServletContextHandler ctx = new ServletContextHandler();
        ctx.setContextPath(cfg.contextPath().isEmpty() ? "/" : cfg.contextPath());
        ctx.getServletHandler().setDecodeAmbiguousURIs(true);
        ctx.setAllowNullPathInContext(true);
        DavRouter router = new DavRouter(cfg.contextPath());
        RootPage rootPage = new RootPage(cfg.publicUrl().map(URI::toString).orElse(null));
        ctx.addServlet(new ServletHolder("health", new HealthServlet(backend.database())), "/health");
        ctx.addServlet(new ServletHolder("status", new StatusServlet()), "/status.php");
        ctx.addServlet(new ServletHolder("dav", new DavServlet(backend.files(), backend.locks(), backend.authenticator(), router, rootPage,
                cfg.maxXmlBody())), "/");
        ctx.setErrorHandler(new PlainErrorHandler());

        GracefulHandler graceful = new GracefulHandler(ctx);
        jetty.setHandler(graceful);
        jetty.setStopTimeout(30_000);
        jetty.setStopAtShutdown(false);
        jetty.setRequestLog(new CustomRequestLog(new Slf4jRequestLogWriter() {
            {
                setLoggerName("kiste.access");
            }
        }, "%{client}a %u \"%r\" %s %O %{ms}Tms"));
        folding = new FolderFolding(backend.database());
        maintenance = new Maintenance(backend.database(),
                new TrashPurge(backend.database(), Duration.ofDays(Math.max(0, cfg.trashRetentionDays()))),
                new BlobCollector(backend.database(), backend.blobs(), Duration.ofHours(1), Duration.ofHours(24)));
    }

    public void start() throws Exception {
        int parts = backend.blobs().removeLeftoverParts();
        if (parts > 0) {
            log.info("removed {} partial uploads left by an unclean stop", parts);
        }
        jetty.start();
        folding.start(1000);
        maintenance.start(Duration.ofMinutes(10));
    }

    public int port() {
        return connector.getLocalPort();
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            server.stop();
            backend.close();
            stopped.countDown();
        }, "kiste-shutdown"));
        String base = cfg.publicUrl().map(URI::toString)
                .orElse("http://" + (cfg.bind().equals("0.0.0.0") ? "localhost" : cfg.bind()) + ":" + server.port()
                        + cfg.contextPath());
        StringBuilder banner = new StringBuilder("\n  Kiste is running.\n")
                .append("    WebDAV:       ").append(base).append("/remote.php/dav/files/<user>/\n")
                .append("    Short mount:  ").append(base).append("/dav/\n")
                .append("    Health:       ").append(base).append("/health\n");
        if (adminPassword.isPresent()) {
            banner.append("    First admin login: admin / ").append(adminPassword.get())
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
