package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kiste.config.ConfigException;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.testing.TestServer;

/**
 * HTTPS served by Kiste itself: a self-signed certificate made at test time with keytool, given as a PKCS#12 key
 * store or as PEM files (exported with openssl when the machine has it, otherwise written by JDK code), PROPFIND
 * with Basic authentication over TLS, h2 negotiated by ALPN, and startup errors that name the bad setting.
 */
class TlsTest {
    private static final String STORE_PASSWORD = "store-secret";
    private static final String PROPFIND =
            "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:prop>" + "<d:resourcetype/></d:prop></d:propfind>";

    @TempDir
    static Path dir;

    private static Path p12;
    private static Path ecStore;
    private static Path certPem;
    private static Path keyPem;
    private static SSLContext trusting;

    @BeforeAll
    static void makeCertificate() throws Exception {
        p12 = dir.resolve("server.p12");
        keytool(p12, "server", "RSA", "CN=localhost");
        KeyStore ks = open(p12);
        ecStore = dir.resolve("ec.p12");
        keytool(ecStore, "ec", "EC", "CN=localhost, O=EC");
        certPem = dir.resolve("fullchain.pem");
        keyPem = dir.resolve("privkey.pem");
        if (openssl()) {
            run(
                    "openssl",
                    "pkcs12",
                    "-in",
                    p12.toString(),
                    "-passin",
                    "pass:" + STORE_PASSWORD,
                    "-nokeys",
                    "-out",
                    certPem.toString());
            run(
                    "openssl",
                    "pkcs12",
                    "-in",
                    p12.toString(),
                    "-passin",
                    "pass:" + STORE_PASSWORD,
                    "-nocerts",
                    "-nodes",
                    "-out",
                    keyPem.toString());
        } else {
            writePem(certPem, "CERTIFICATE", ks.getCertificate("server").getEncoded());
            writePem(
                    keyPem,
                    "PRIVATE KEY",
                    ks.getKey("server", STORE_PASSWORD.toCharArray()).getEncoded());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", ks.getCertificate("server"));
        trust.setCertificateEntry("ec", open(ecStore).getCertificate("ec"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);
    }

    @Test
    void pkcs12KeyStoreServesHttpsAndHttp2() throws Exception {
        KisteServer server = start(Map.of("tls.keystore", p12.toString(), "tls.keystore.password", STORE_PASSWORD));
        try {
            checkHttps(server);
        } finally {
            server.stop();
        }
    }

    @Test
    void anH2StreamWhoseBodyNeverComesIsAnsweredWithinTheRateWindow() throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                "tls.keystore", p12.toString(), "tls.keystore.password", STORE_PASSWORD, "http.body-rate-window", "2"));
        KisteServer server = start(settings);
        String login = TestServer.get().newUser("tlsh2");
        try {
            javax.net.ssl.SSLSocket tls =
                    (javax.net.ssl.SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", server.tlsPort());
            javax.net.ssl.SSLParameters params = tls.getSSLParameters();
            params.setApplicationProtocols(new String[] {"h2"});
            tls.setSSLParameters(params);
            tls.startHandshake();
            assertThat(tls.getApplicationProtocol()).isEqualTo("h2");
            try (H2cConnection h2 = new H2cConnection(tls)) {
                h2.frame(H2cConnection.HEADERS, 4, 1, H2cConnection.putHead(login, "stalled.bin", 100_000));
                h2.socket.setSoTimeout(15_000);
                boolean ended = false;
                for (int i = 0; i < 50 && !ended; i++) {
                    H2cConnection.Frame f = h2.read();
                    ended = f.stream() == 1
                            && (f.type() == H2cConnection.HEADERS || f.type() == H2cConnection.RST_STREAM);
                }
                assertThat(ended).isTrue();
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void anH2RequestHeadTrickledOverTlsEndsTheConnectionAtTheHeaderDeadline() throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                "tls.keystore", p12.toString(), "tls.keystore.password", STORE_PASSWORD, "http.header-timeout", "2"));
        KisteServer server = start(settings);
        byte[] head = H2cConnection.head("GET", "/status.php", 58, "t".repeat(120));
        try {
            javax.net.ssl.SSLSocket tls =
                    (javax.net.ssl.SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", server.tlsPort());
            javax.net.ssl.SSLParameters params = tls.getSSLParameters();
            params.setApplicationProtocols(new String[] {"h2"});
            tls.setSSLParameters(params);
            tls.startHandshake();
            assertThat(tls.getApplicationProtocol()).isEqualTo("h2");
            try (H2cConnection h2 = new H2cConnection(tls)) {
                h2.frame(H2cConnection.HEADERS, 1, 1, java.util.Arrays.copyOf(head, 4)); // no END_HEADERS
                h2.socket.setSoTimeout(200);
                boolean closed = false;
                // one byte of the head per CONTINUATION frame every 200 ms (24 s for the whole head), for 10 s
                for (int sent = 4; sent < 54 && !closed; sent++) {
                    try {
                        h2.frame(9, 0, 1, new byte[] {head[sent]});
                        closed = h2.read().type() == H2cConnection.GOAWAY;
                    } catch (java.net.SocketTimeoutException quiet) {
                        // nothing yet
                    } catch (java.io.IOException ended) {
                        closed = true;
                    }
                }
                assertThat(closed).as("closed before the head's 54th byte").isTrue();
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void pemCertificateAndKeyServeHttpsAndHttp2() throws Exception {
        assertThat(Files.readString(keyPem)).contains("-----BEGIN PRIVATE KEY-----");
        KisteServer server = start(Map.of("tls.certificate", certPem.toString(), "tls.private-key", keyPem.toString()));
        try {
            checkHttps(server);
        } finally {
            server.stop();
        }
    }

    @Test
    void traditionalRsaAndEcKeysAreReadWithoutConversion() throws Exception {
        assumeTrue(openssl(), "openssl writes the PKCS#1 and SEC 1 files");
        Path rsa = dir.resolve("rsa-pkcs1.pem");
        run("openssl", "pkey", "-in", keyPem.toString(), "-traditional", "-out", rsa.toString());
        assertThat(Files.readString(rsa)).contains("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(ServerCertificate.load(pemTls(certPem, rsa))
                        .certificate()
                        .getPublicKey()
                        .getAlgorithm())
                .isEqualTo("RSA");

        Path ecCert = dir.resolve("ec-cert.pem");
        Path ecKey = dir.resolve("ec-key.pem");
        run(
                "openssl",
                "pkcs12",
                "-in",
                ecStore.toString(),
                "-passin",
                "pass:" + STORE_PASSWORD,
                "-nokeys",
                "-out",
                ecCert.toString());
        run(
                "openssl",
                "pkcs12",
                "-in",
                ecStore.toString(),
                "-passin",
                "pass:" + STORE_PASSWORD,
                "-nocerts",
                "-nodes",
                "-out",
                dir.resolve("ec-pkcs8.pem").toString());
        run("openssl", "ec", "-in", dir.resolve("ec-pkcs8.pem").toString(), "-out", ecKey.toString());
        assertThat(Files.readString(ecKey)).contains("-----BEGIN EC PRIVATE KEY-----");
        KisteServer server = start(Map.of("tls.certificate", ecCert.toString(), "tls.private-key", ecKey.toString()));
        try {
            HttpResponse<String> r = propfind(server, HttpClient.Version.HTTP_2);
            assertThat(r.statusCode()).isEqualTo(207);
            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        } finally {
            server.stop();
        }
    }

    @Test
    void badSettingsStopTheStartWithTheSettingNamed() throws Exception {
        assertThatThrownBy(() -> config(Map.of("tls.port", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls.keystore")
                .hasMessageContaining("tls.certificate");
        assertThatThrownBy(() ->
                        config(Map.of("tls.certificate", certPem.toString(), "tls.private-key", keyPem.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls.port (KISTE_TLS_PORT)");
        assertThatThrownBy(() -> config(Map.of("tls.port", "0", "tls.certificate", certPem.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls.private-key (KISTE_TLS_PRIVATE_KEY)");

        assertThatThrownBy(() -> server(Map.of("tls.keystore", p12.toString(), "tls.keystore.password", "wrong")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls.keystore.password");
        assertThatThrownBy(() ->
                        server(Map.of("tls.keystore", dir.resolve("missing.p12").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls.keystore (KISTE_TLS_KEYSTORE): no such file");
        assertThatThrownBy(() -> server(Map.of("tls.keystore", certPem.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not a PKCS#12 key store");
        assertThatThrownBy(() ->
                        server(Map.of("tls.certificate", keyPem.toString(), "tls.private-key", keyPem.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls.certificate (KISTE_TLS_CERTIFICATE)")
                .hasMessageContaining("BEGIN CERTIFICATE");

        // the key of another certificate: the usual mistake after a renewal
        Path other = dir.resolve("other.p12");
        keytool(other, "other", "RSA", "CN=localhost, O=Other");
        KeyStore ks = open(other);
        Path otherKey = dir.resolve("other-key.pem");
        writePem(
                otherKey,
                "PRIVATE KEY",
                ks.getKey("other", STORE_PASSWORD.toCharArray()).getEncoded());
        assertThatThrownBy(() ->
                        server(Map.of("tls.certificate", certPem.toString(), "tls.private-key", otherKey.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls.private-key (KISTE_TLS_PRIVATE_KEY)")
                .hasMessageContaining("does not belong to the certificate");

        Path encrypted = dir.resolve("encrypted.pem");
        Files.writeString(
                encrypted, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() ->
                        server(Map.of("tls.certificate", certPem.toString(), "tls.private-key", encrypted.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls.private-key")
                .hasMessageContaining("openssl pkey -in");
    }

    /** PROPFIND with Basic auth over HTTPS as h2 and as HTTP/1.1; https Destinations are ours; plain HTTP stays. */
    private static void checkHttps(KisteServer server) throws Exception {
        assertThat(server.tlsPort()).isPositive().isNotEqualTo(server.port());
        HttpResponse<String> h2 = propfind(server, HttpClient.Version.HTTP_2);
        assertThat(h2.statusCode()).as(h2.body()).isEqualTo(207);
        assertThat(h2.version()).as("ALPN negotiated h2").isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(h2.body()).contains("<d:collection/>");

        HttpResponse<String> h1 = propfind(server, HttpClient.Version.HTTP_1_1);
        assertThat(h1.statusCode()).isEqualTo(207);
        assertThat(h1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(offeringHttp11Only(server))
                .as("a client whose ALPN offers http/1.1 only (curl --http1.1)")
                .isEqualTo("http/1.1 HTTP/1.1 207 Multi-Status");

        String login = TestServer.get().newUser("tls");
        String base = "https://127.0.0.1:" + server.tlsPort() + "/remote.php/dav/files/" + login;
        HttpClient client = client(HttpClient.Version.HTTP_2);
        assertThat(client.send(
                                request(login, base + "/a.txt")
                                        .PUT(HttpRequest.BodyPublishers.ofString("x"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> move = client.send(
                request(login, base + "/a.txt")
                        .header("Destination", base + "/b.txt")
                        .method("MOVE", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(move.statusCode())
                .as("MOVE to an https Destination: %s", move.body())
                .isEqualTo(201);

        HttpResponse<String> page = client.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.tlsPort() + "/"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("https://127.0.0.1:" + server.tlsPort() + "/remote.php/dav/files/");

        HttpResponse<String> plain = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> propfind(KisteServer server, HttpClient.Version version) throws Exception {
        String login = TestServer.get().newUser("tls");
        return client(version)
                .send(
                        request(login, "https://127.0.0.1:" + server.tlsPort() + "/remote.php/dav/files/" + login + "/")
                                .header("Depth", "0")
                                .header("Content-Type", "application/xml")
                                .method("PROPFIND", HttpRequest.BodyPublishers.ofString(PROPFIND))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** A raw PROPFIND on a TLS socket that offers ALPN "http/1.1" only: the negotiated id and the status line. */
    private static String offeringHttp11Only(KisteServer server) throws IOException {
        String login = TestServer.get().newUser("tls");
        try (SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", server.tlsPort())) {
            socket.setSoTimeout(30_000);
            SSLParameters params = socket.getSSLParameters();
            params.setApplicationProtocols(new String[] {"http/1.1"});
            socket.setSSLParameters(params);
            socket.startHandshake();
            String auth = Base64.getEncoder().encodeToString((login + ":pw-" + login).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream()
                    .write(("PROPFIND /remote.php/dav/files/" + login + "/ HTTP/1.1\r\n"
                                    + "Host: 127.0.0.1\r\nAuthorization: Basic " + auth
                                    + "\r\nDepth: 0\r\nContent-Length: 0\r\n"
                                    + "Connection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return socket.getApplicationProtocol() + " "
                    + response.lines().findFirst().orElse("");
        }
    }

    private static HttpRequest.Builder request(String login, String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((login + ":pw-" + login).getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder()
                .sslContext(trusting)
                .version(version)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static KisteServer start(Map<String, String> tls) throws Exception {
        KisteServer server = server(tls);
        server.start();
        return server;
    }

    private static KisteServer server(Map<String, String> tls) {
        Map<String, String> s = new HashMap<>(tls);
        s.put("tls.port", "0");
        return new KisteServer(TestServer.get().backend, config(s));
    }

    private static KisteConfig config(Map<String, String> extra) {
        Map<String, String> s = new HashMap<>(extra);
        s.put("port", "0");
        s.put("bind", "127.0.0.1");
        s.put("data", TestServer.get().dataDir.toString());
        return KisteConfig.from(new Settings(s, Map.of()));
    }

    private static KisteConfig.Tls pemTls(Path cert, Path key) {
        return config(Map.of("tls.port", "0", "tls.certificate", cert.toString(), "tls.private-key", key.toString()))
                .tls()
                .orElseThrow();
    }

    /** A self-signed certificate for localhost and 127.0.0.1, valid for two days, in a new PKCS#12 file. */
    private static void keytool(Path store, String alias, String keyAlgorithm, String dname) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                keyAlgorithm,
                "-validity",
                "2",
                "-dname",
                dname,
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                STORE_PASSWORD,
                "-keypass",
                STORE_PASSWORD));
        cmd.addAll(keyAlgorithm.equals("EC") ? List.of("-groupname", "secp256r1") : List.of("-keysize", "2048"));
        run(cmd.toArray(new String[0]));
    }

    private static KeyStore open(Path store) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, STORE_PASSWORD.toCharArray());
        }
        return ks;
    }

    private static boolean openssl() {
        try {
            return new ProcessBuilder("openssl", "version")
                    .redirectErrorStream(true)
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
        }
    }

    private static void writePem(Path file, String label, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        Files.writeString(
                file,
                "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n",
                StandardCharsets.US_ASCII);
    }
}
