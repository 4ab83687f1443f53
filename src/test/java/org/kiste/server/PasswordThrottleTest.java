package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.kiste.Backend;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.model.FilePath;
import org.kiste.model.Share;
import org.kiste.model.ShareType;
import org.kiste.share.ShareRequest;
import org.kiste.testing.FromAddress;
import org.kiste.testing.FromAddress.Answer;
import org.kiste.testing.TestDatabase;

/**
 * The password throttles over HTTP with their default settings, on a server of their own over the test database.
 * Loopback addresses 127.0.0.2 and up stand in for clients at different addresses (the other tests log in from
 * 127.0.0.1 on a server with loose limits). Waits the server announces are waited out, never guessed. The tests
 * share one server, each with addresses and accounts of its own; the two that wait out waits of 8 s and more run
 * beside the others (the one that restarts its server on a server of its own), which run one after another.
 */
class PasswordThrottleTest {
    private static final int ADDRESS_FREE = 10;
    private static final int ACCOUNT_FREE = 5;
    private static final int LINK_FREE = 10;
    private static final int FLOW_START_FREE = 20;

    private static Throttled shared;

    @BeforeAll
    static void start() throws Exception {
        shared = Throttled.open(TestDatabase.tempDir("kiste-throttle-"));
    }

    @AfterAll
    static void stop() {
        if (shared != null) {
            shared.close();
        }
    }

    /** A server with the default throttles over the test database, on {@code data}. */
    private record Throttled(Path data, Backend backend, KisteServer server, String base) {
        static Throttled open(Path data) throws Exception {
            Map<String, String> s = TestDatabase.settings(data);
            s.put("port", "0");
            s.put("bind", "127.0.0.1");
            s.put("proxies.trusted", "127.0.0.9"); // a reverse proxy in front of the clients of one test
            // bcrypt at its smallest cost: an attempt takes far less than the first wait (1 s), also on a busy host
            s.put("password.hash-cost", "4");
            Backend backend = Backend.open(KisteConfig.from(new Settings(s, Map.of())), false);
            KisteServer server = new KisteServer(backend);
            server.start();
            return new Throttled(data, backend, server, "http://127.0.0.1:" + server.port());
        }

        void close() {
            server.stop();
            backend.close();
        }

        FromAddress from(String address) {
            return new FromAddress(address, base);
        }

        String newUser(String prefix) {
            String login = prefix + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
            backend.users().add(login, "pw-" + login, false, null, null, -1);
            return login;
        }
    }

    private static FromAddress from(String address) {
        return shared.from(address);
    }

    private static String newUser(String prefix) {
        return shared.newUser(prefix);
    }

    private static Backend backend() {
        return shared.backend();
    }

    /**
     * Waits out announced waits and tries again until the server announces a wait of at least {@code atLeast}
     * seconds (so the next steps of a test need not race a one-second wait); returns that answer.
     */
    private static Answer waitUntilHeldBackFor(java.util.function.Supplier<Answer> attempt, long atLeast)
            throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            Answer a = attempt.get();
            if (a.status() == 429) {
                if (a.retryAfter() >= atLeast) {
                    return a;
                }
                Thread.sleep(a.retryAfter() * 1000 + 100);
            }
        }
        throw new AssertionError("never held back for " + atLeast + " s");
    }

    @Test
    void behindAProxyTheClientIsTheAddressTheProxyAppendedNotWhatTheClientSent() {
        String alice = newUser("thrp");
        FromAddress proxy = from("127.0.0.9");
        // a guesser behind the proxy names a new address in front of each request; the proxy appends what it saw
        for (int i = 0; i < ADDRESS_FREE; i++) {
            assertThat(proxy.send(
                                    "PROPFIND",
                                    "/remote.php/dav/files/nobody" + i + "/",
                                    FromAddress.basic("nobody" + i + "x" + alice, "guess"),
                                    null,
                                    "Depth: 0",
                                    "X-Forwarded-For: 203.0.113." + i + ", 198.51.100.7")
                            .status())
                    .as("guess %d", i)
                    .isEqualTo(401);
        }
        Answer held = proxy.send(
                "PROPFIND",
                "/remote.php/dav/files/nobody/",
                FromAddress.basic("nobody-more" + alice, "guess"),
                null,
                "Depth: 0",
                "X-Forwarded-For: 203.0.113.99, 198.51.100.7");
        assertThat(held.status()).as(held.head()).isEqualTo(429);
        // another client behind the same proxy is not held back
        Answer other = proxy.send(
                "PROPFIND",
                "/remote.php/dav/files/" + alice + "/",
                FromAddress.basic(alice, "pw-" + alice),
                null,
                "Depth: 0",
                "X-Forwarded-For: 198.51.100.8");
        assertThat(other.status()).isEqualTo(207);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void oneAddressGuessingIsHeldBackOthersAreNotAndTheStateOutlivesARestart() throws Exception {
        Throttled server = Throttled.open(TestDatabase.tempDir("kiste-throttle-restart-"));
        try {
            server = heldBackAndRestarted(server);
        } finally {
            server.close();
        }
    }

    /** The body of the test above on its own server; returns the server it restarted. */
    private static Throttled heldBackAndRestarted(Throttled first) throws Exception {
        Throttled server = first;
        String alice = server.newUser("thra");
        FromAddress guesser = server.from("127.0.0.2");
        // free guesses, each for another (unknown) account so only the address counts them
        for (int i = 0; i < ADDRESS_FREE; i++) {
            assertThat(guesser.propfind("nobody" + i + "x" + alice, "guess").status())
                    .as("guess %d", i)
                    .isEqualTo(401);
        }
        Answer held = waitUntilHeldBackFor(() -> guesser.propfind("nobody-more-" + alice, "guess"), 8);
        assertThat(held.header("Retry-After")).isPresent();
        // the address is held back even with the right password: nothing is checked
        assertThat(guesser.propfind(alice, "pw-" + alice).status()).isEqualTo(429);
        Answer ocs = guesser.send(
                "GET", "/ocs/v2.php/cloud/user?format=json", FromAddress.basic(alice, "pw-" + alice), null);
        assertThat(ocs.status()).isEqualTo(429);
        assertThat(ocs.retryAfter()).isPositive();
        // a device of the real user behind the same address, logged in with an app password, is not held back
        String appPassword = server.backend()
                .appPasswords()
                .create(server.backend().users().find(alice).orElseThrow().id(), alice, "desktop");
        assertThat(guesser.propfind(alice, appPassword).status()).isEqualTo(207);
        // a wrong app password is a guess like any other
        assertThat(guesser.propfind(alice, "B".repeat(72)).status()).isEqualTo(429);
        // the real user at another address logs in
        assertThat(server.from("127.0.0.3").propfind(alice, "pw-" + alice).status())
                .isEqualTo(207);
        assertThat(server.from("127.0.0.3")
                        .send(
                                "GET",
                                "/ocs/v2.php/cloud/user?format=json",
                                FromAddress.basic(alice, "pw-" + alice),
                                null)
                        .status())
                .isEqualTo(200);

        // a new server process on the same database knows the count: the next counted guess doubles the wait
        long before = held.retryAfter();
        server.close();
        server = Throttled.open(server.data());
        FromAddress again = server.from("127.0.0.2");
        Answer a = again.propfind("nobody-after-" + alice, "guess");
        for (int i = 0; a.status() == 429 && i < 10; i++) {
            Thread.sleep(a.retryAfter() * 1000 + 100);
            a = again.propfind("nobody-after-" + alice, "guess");
        }
        assertThat(a.status()).isEqualTo(401);
        Answer next = again.propfind("nobody-after-" + alice, "guess");
        assertThat(next.status()).isEqualTo(429);
        assertThat(next.retryAfter()).isGreaterThan(before);
        return server;
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void guessingOneAccountFromManyAddressesHoldsBackNewAddressesOnlyAndOnlyForTheWait() throws Exception {
        String bob = newUser("thrb");
        FromAddress home = from("127.0.0.10");
        assertThat(home.propfind(bob, "pw-" + bob).status()).isEqualTo(207);
        int[] next = {11};
        java.util.function.Supplier<Answer> guess =
                () -> from("127.0.0." + next[0]++).propfind(bob, "guess");
        for (int i = 0; i < ACCOUNT_FREE; i++) {
            assertThat(guess.get().status()).isEqualTo(401);
        }
        Answer held = waitUntilHeldBackFor(guess, 8);
        assertThat(next[0]).as("addresses used").isLessThan(40);
        // a new address is held back too, even with the right password...
        FromAddress travelling = from("127.0.0.99");
        Answer waited = travelling.propfind(bob, "pw-" + bob);
        assertThat(waited.status()).isEqualTo(429);
        // ...while the address bob logged in from recently is not
        assertThat(home.propfind(bob, "pw-" + bob).status()).isEqualTo(207);
        assertThat(home.propfind(bob, "wrong").status()).isEqualTo(401);
        // and the new address gets in once the announced wait is over
        Thread.sleep(waited.retryAfter() * 1000 + 200);
        assertThat(travelling.propfind(bob, "pw-" + bob).status()).isEqualTo(207);
        assertThat(held.retryAfter()).isLessThanOrEqualTo(600);
    }

    @Test
    void aLinkPasswordGuessedFromOneAddressStaysOpenToOthers() {
        String owner = newUser("thrl");
        assertThat(from("127.0.0.139")
                        .send(
                                "MKCOL",
                                "/remote.php/dav/files/" + owner + "/Shared",
                                FromAddress.basic(owner, "pw-" + owner),
                                null)
                        .status())
                .isEqualTo(201);
        Share link = backend()
                .shares()
                .create(
                        backend().users().find(owner).orElseThrow().principal(),
                        new ShareRequest(
                                FilePath.parse("/Shared"),
                                ShareType.LINK,
                                null,
                                1,
                                "link-secret",
                                null,
                                null,
                                null,
                                null));
        String target = "/public.php/dav/files/" + link.token() + "/";
        FromAddress guesser = from("127.0.0.140");
        for (int i = 0; i < LINK_FREE; i++) {
            assertThat(guesser.send("PROPFIND", target, FromAddress.basic("anonymous", "guess" + i), null, "Depth: 0")
                            .status())
                    .isEqualTo(401);
        }
        Answer held = guesser.send("PROPFIND", target, FromAddress.basic("anonymous", "link-secret"), null, "Depth: 0");
        assertThat(held.status()).isEqualTo(429);
        assertThat(held.retryAfter()).isBetween(30L, 60L);
        // before, ten wrong passwords from anyone locked every visitor out for 15 minutes
        assertThat(from("127.0.0.141")
                        .send("PROPFIND", target, FromAddress.basic("anonymous", "link-secret"), null, "Depth: 0")
                        .status())
                .isEqualTo(207);
    }

    @Test
    void guessingTheCurrentPasswordOfAPasswordChangeIsHeldBackAsALoginIs() throws Exception {
        String alice = newUser("thrc");
        FromAddress holder = from("127.0.0.60");
        String auth = FromAddress.basic(alice, "pw-" + alice);
        Answer last = null;
        for (int i = 0; i <= ADDRESS_FREE + ACCOUNT_FREE; i++) {
            last = holder.send(
                    "PUT",
                    "/ocs/v2.php/cloud/users/" + alice + "?format=json",
                    auth,
                    "key=password&value=taken-over-1&currentpassword=guess" + i,
                    "OCS-APIRequest: true",
                    "Content-Type: application/x-www-form-urlencoded");
            if (last.status() == 429) {
                break;
            }
            assertThat(last.status()).as(last.body()).isEqualTo(403);
        }
        assertThat(last.status())
                .as("a wrong current password counts as a failed login")
                .isEqualTo(429);
        assertThat(last.retryAfter()).isPositive();
        assertThat(backend().users().find(alice).orElseThrow().id()).isPositive();
        assertThat(from("127.0.0.61").propfind(alice, "pw-" + alice).status())
                .as("the password did not change, and another address is not held back")
                .isEqualTo(207);
    }

    @Test
    void loginFlowStartsAreLimitedPerAddress() throws Exception {
        FromAddress client = from("127.0.0.50");
        for (int i = 0; i < FLOW_START_FREE; i++) {
            assertThat(client.send("POST", "/index.php/login/v2", null, "").status())
                    .as("start %d", i)
                    .isEqualTo(200);
        }
        Answer held = waitUntilHeldBackFor(() -> client.send("POST", "/index.php/login/v2", null, ""), 2);
        assertThat(held.status()).isEqualTo(429);
        assertThat(from("127.0.0.51")
                        .send("POST", "/index.php/login/v2", null, "")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void wrongCurrentPasswordsOfAPasswordChangeAreCountedLikeLogins() {
        String carol = newUser("thrc");
        FromAddress client = from("127.0.0.62");
        String auth = FromAddress.basic(carol, "pw-" + carol);
        Answer last = null;
        for (int i = 0; i < 3 * ADDRESS_FREE && (last == null || last.status() != 429); i++) {
            last = client.send(
                    "PUT",
                    "/ocs/v2.php/cloud/users/" + carol + "?format=json",
                    auth,
                    "key=password&value=new-secret-1&currentpassword=guess" + i,
                    "OCS-APIRequest: true",
                    "Content-Type: application/x-www-form-urlencoded");
            assertThat(last.status()).as(last.head()).isIn(403, 429);
        }
        assertThat(last.status()).as("wrong current passwords are held back").isEqualTo(429);
        assertThat(last.retryAfter()).isPositive();
    }

    /** One password attempt through the web interface's login form, as a browser sends it: page, then form. */
    private static Answer webLogin(FromAddress client, String user, String password) {
        Answer page = client.send("GET", "/ui/login", null, null);
        String cookie = page.header("Set-Cookie").orElseThrow().split(";", 2)[0];
        String csrf = org.kiste.testing.Browser.csrf(page.body());
        String form = "csrf=" + enc(csrf) + "&user=" + enc(user) + "&password=" + enc(password);
        return client.send(
                "POST",
                "/ui/login",
                null,
                form,
                "Cookie: " + cookie,
                "Content-Type: application/x-www-form-urlencoded");
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void theWebLoginFormIsHeldBackWithTheSameCountsAsTheOtherDoors() throws Exception {
        String alice = newUser("thrw");
        FromAddress guesser = from("127.0.0.70");
        for (int i = 0; i < ADDRESS_FREE; i++) {
            Answer wrong = webLogin(guesser, "nobody" + i + "x" + alice, "guess");
            assertThat(wrong.status()).as("guess %d: %s", i, wrong.head()).isEqualTo(200);
            assertThat(wrong.header("Location")).isEmpty();
        }
        Answer held = waitUntilHeldBackFor(() -> webLogin(guesser, "nobody-more-" + alice, "guess"), 2);
        assertThat(held.retryAfter()).isPositive();
        // held back with the right password too (nothing is checked), and on WebDAV: one count per address
        assertThat(webLogin(guesser, alice, "pw-" + alice).status()).isEqualTo(429);
        assertThat(guesser.propfind(alice, "pw-" + alice).status()).isEqualTo(429);
        // the real user at another address logs in through the form
        Answer in = webLogin(from("127.0.0.71"), alice, "pw-" + alice);
        assertThat(in.status()).as(in.head()).isEqualTo(303);
        assertThat(in.header("Location").orElse("")).endsWith("/ui/files/");
    }
}
