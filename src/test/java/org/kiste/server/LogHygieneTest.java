package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kiste.model.Share;
import org.kiste.testing.Browser;
import org.kiste.testing.Dav;
import org.kiste.testing.Links;
import org.kiste.testing.LoginFlowClient;
import org.kiste.testing.RawHttp;
import org.kiste.testing.TestServer;
import org.slf4j.LoggerFactory;

/**
 * What the server writes to its log, through the pattern of {@code logback.xml} itself: a line break sent in a
 * request stays escaped inside its one line, and link, login and poll tokens never appear whole, in the access log
 * or in any other line.
 */
class LogHygieneTest {
    private static final TestServer s = TestServer.get();

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private OutputStreamAppender<ILoggingEvent> appender;

    /** An appender with the console's own pattern, on the root and on the access log (which does not add up). */
    @BeforeEach
    void capture() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var console = (ch.qos.logback.core.OutputStreamAppender<ILoggingEvent>) root.getAppender("CONSOLE");
        String pattern = ((PatternLayoutEncoder) console.getEncoder()).getPattern();
        assertThat(pattern).contains("%safeMsg").contains("%safeEx");
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(pattern);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        appender = new OutputStreamAppender<>();
        appender.setContext(ctx);
        appender.setEncoder(encoder);
        appender.setOutputStream(captured);
        appender.setImmediateFlush(true);
        appender.start();
        root.addAppender(appender);
        ctx.getLogger("kiste.access").addAppender(appender);
    }

    @AfterEach
    void release() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        ctx.getLogger("kiste.access").detachAppender(appender);
        appender.stop();
    }

    private String log() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /** The access log line of a request is written once its answer is out: wait for it, within a bound. */
    private String logOnceItHas(String what) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!log().contains(what) && System.nanoTime() < deadline) {
            sleep(20);
        }
        return log();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aLineBreakInAnInputStaysInItsLine() {
        String alice = s.newUser("logcr");
        LoginFlowClient.Flow flow = LoginFlowClient.start(s.baseUrl + "/index.php/login/v2", "log test");
        Browser browser = new Browser();
        HttpResponse<String> page = browser.get(flow.loginUrl());
        assertThat(page.statusCode()).isEqualTo(200);
        String forged = "00:00:00.000 INFO  o.k.w.l.LoginPagesServlet - login flow 1: '" + alice + "' granted access";
        String user = alice + "\u2028x\r\n" + forged;
        HttpResponse<String> wrong = browser.post(
                flow.loginUrl() + "/login", "csrf", Browser.csrf(page.body()), "user", user, "password", "not-it");
        assertThat(wrong.statusCode()).isEqualTo(200);
        LoggerFactory.getLogger("kiste.test").warn("a failure", new IllegalStateException("cut\r\n" + forged));
        RawHttp.send(s.baseUrl, "GET", "/s/%0d%0aAb3dEf7hXyZ1234%0d%0a" + "x", null, null);

        String log = logOnceItHas("/s/%0d%0a");
        assertThat(log).contains(alice + "\\u2028x\\r\\n00:00:00.000 INFO");
        assertThat(log).contains("IllegalStateException: cut\\r\\n00:00:00.000");
        List<String> lines = log.lines().toList();
        assertThat(lines).noneMatch(l -> l.startsWith("00:00:00.000") || l.startsWith("\u2028"));
        assertThat(lines).noneMatch(l -> l.contains("\r") || l.contains("\u2028"));
    }

    @Test
    void linkLoginAndPollTokensNeverAppearWhole() {
        String owner = s.newUser("logtok");
        Dav dav = s.dav(owner);
        assertThat(dav.mkcol("shared").statusCode()).isEqualTo(201);
        assertThat(dav.put("shared/a.txt", "x").statusCode()).isEqualTo(201);
        Share link = new Links(s).create(owner, "/shared", Links.READ, null);
        String token = link.token();

        Supplier<String> basic =
                () -> "Basic " + Base64.getEncoder().encodeToString((token + ":").getBytes(StandardCharsets.UTF_8));
        assertThat(new Browser().get(s.baseUrl + "/s/" + token).statusCode()).isEqualTo(200);
        assertThat(new Browser()
                        .get(s.baseUrl + "/index.php/s/" + token + "/download?path=/a.txt")
                        .statusCode())
                .isEqualTo(200);
        assertThat(RawHttp.send(s.baseUrl, "PROPFIND", "/public.php/dav/files/" + token + "/", null, null, "Depth: 1")
                        .status())
                .isEqualTo(207);
        assertThat(RawHttp.send(s.baseUrl, "PROPFIND", "/public.php/webdav/", basic.get(), null, "Depth: 1")
                        .status())
                .isEqualTo(207);
        // a failure on a public path is logged with the request's path
        RawHttp.send(s.baseUrl, "PROPPATCH", "/public.php/dav/files/" + token + "/a.txt", null, "<not-xml", "Depth: 0");

        LoginFlowClient.Flow flow = LoginFlowClient.start(s.baseUrl + "/index.php/login/v2", "log test");
        String loginToken = flow.loginUrl().substring(flow.loginUrl().lastIndexOf('/') + 1);
        assertThat(new Browser().get(flow.loginUrl()).statusCode()).isEqualTo(200);
        LoginFlowClient.poll(flow.pollEndpoint(), flow.pollToken(), true);

        String log = logOnceItHas("/login/v2/poll?token=" + flow.pollToken().substring(0, 8));
        logOnceItHas("/public.php/webdav/");
        log = logOnceItHas("PROPPATCH /public.php/dav/files/" + token.substring(0, 4));
        assertThat(log).contains("/s/" + token.substring(0, 4) + "…");
        assertThat(log).doesNotContain(token).doesNotContain(loginToken).doesNotContain(flow.pollToken());
    }

    @Test
    void percentEncodedLinkTokensNeverAppearWhole() {
        String owner = s.newUser("logenc");
        Dav dav = s.dav(owner);
        assertThat(dav.mkcol("shared").statusCode()).isEqualTo(201);
        assertThat(dav.put("shared/a.txt", "x").statusCode()).isEqualTo(201);
        String token = new Links(s).create(owner, "/shared", Links.READ, null).token();
        StringBuilder encoded = new StringBuilder();
        for (char c : token.toCharArray()) {
            encoded.append(String.format("%%%02X", (int) c));
        }
        String half = token.substring(0, 4) + encoded.substring(12);

        assertThat(RawHttp.send(s.baseUrl, "GET", "/s/" + encoded, null, null).status())
                .isEqualTo(200);
        assertThat(RawHttp.send(s.baseUrl, "GET", "/index.php/%73/" + half, null, null)
                        .status())
                .isEqualTo(200);
        // the public WebDAV door takes its token as sent (these find no link), but the request lines are logged
        RawHttp.send(s.baseUrl, "PROPFIND", "/public.php/dav/files/" + encoded + "/", null, null, "Depth: 1");
        RawHttp.send(s.baseUrl, "PROPPATCH", "/public.php/dav/files/" + half + "/a.txt", null, "<not-xml", "Depth: 0");

        // a request's line is written once its answer is sent, so the two lines may come in either order
        logOnceItHas("PROPFIND /public.php/dav/files/" + encoded.substring(0, 12) + "…");
        String log = logOnceItHas("PROPPATCH /public.php/dav/files/" + token.substring(0, 4) + "…");
        assertThat(log).contains("/s/" + encoded.substring(0, 12) + "…");
        assertThat(log).contains("/public.php/dav/files/" + encoded.substring(0, 12) + "…");
        assertThat(log)
                .doesNotContain(token)
                .doesNotContain(encoded.toString())
                .doesNotContain(half)
                .doesNotContain(token.substring(4, 12))
                .doesNotContain(encoded.substring(12, 36));
    }

    @Test
    void theFormTokenInALinkUploadsAddressNeverAppears() {
        String owner = s.newUser("logcsrf");
        assertThat(s.dav(owner).mkcol("inbox").statusCode()).isEqualTo(201);
        String token = new Links(s).create(owner, "/inbox", Links.DROP, null).token();
        Browser visitor = new Browser();
        HttpResponse<String> page = visitor.get(s.baseUrl + "/s/" + token);
        assertThat(page.statusCode()).isEqualTo(200);
        // the address the page's own form posts to, as a browser takes it from the page
        java.util.regex.Matcher action = java.util.regex.Pattern.compile("action=\"([^\"]*/upload[^\"]*)\"")
                .matcher(page.body());
        assertThat(action.find()).as(page.body()).isTrue();
        String address = action.group(1).replace("&amp;", "&");
        String csrf = Browser.csrf(page.body());
        assertThat(address).contains("csrf=" + csrf);
        HttpResponse<String> sent = visitor.postMultipart(
                s.baseUrl + address,
                java.util.Map.of(),
                "files",
                java.util.Map.of("dropped.txt", "x".getBytes(StandardCharsets.UTF_8)));
        assertThat(sent.statusCode()).as(sent.body()).isLessThan(400);

        String log = logOnceItHas("POST /s/" + token.substring(0, 4) + "…/upload?");
        assertThat(log).contains("csrf=…");
        assertThat(log)
                .doesNotContain(csrf)
                .doesNotContain(csrf.substring(0, 12))
                .doesNotContain(token);
    }
}
