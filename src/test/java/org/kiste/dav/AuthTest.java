package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/** HTTP Basic (RFC 7617) decoded as UTF-8; a new password or a disabled account takes effect within a second. */
class AuthTest {
    private static final String UTF8_PASSWORD = "pässwörd-✓";
    private final TestServer s = TestServer.get();

    private String login(String prefix) {
        return prefix + System.nanoTime() % 1_000_000;
    }

    private static String basic(String user, String password, java.nio.charset.Charset cs) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(cs));
    }

    @Test
    void utf8PasswordsWork() {
        String login = login("utf8pw");
        s.users().add(login, UTF8_PASSWORD, false, null, null, -1);
        Dav dav = new Dav(s.baseUrl, login, UTF8_PASSWORD);
        assertThat(dav.propfind("", "0", null).statusCode()).isEqualTo(207);
        assertThat(dav.put("f.txt", "x").statusCode()).isEqualTo(201);
        // a near miss is refused
        assertThat(dav.withPassword("passwörd-✓").propfind("", "0", null).statusCode())
                .isEqualTo(401);
        assertThat(dav.withPassword("pässwörd-").propfind("", "0", null).statusCode())
                .isEqualTo(401);
        // the same characters sent as Latin-1 bytes are not the UTF-8 password
        String latin1 = basic(login, "pässwörd-?", StandardCharsets.ISO_8859_1);
        assertThat(s.anonymous()
                        .send("PROPFIND", dav.url(""), null, "Depth", "0", "Authorization", latin1)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void passwordsMayContainColons() {
        String login = login("colon");
        s.users().add(login, "a:b::c", false, null, null, -1);
        assertThat(new Dav(s.baseUrl, login, "a:b::c").propfind("", "0", null).statusCode())
                .isEqualTo(207);
        assertThat(new Dav(s.baseUrl, login, "a:b:").propfind("", "0", null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void wrongOrMissingCredentialsAre401WithABasicChallenge() {
        String login = s.newUser("wrongpw");
        Dav good = s.dav(login);
        assertThat(good.propfind("", "0", null).statusCode()).isEqualTo(207);
        Dav anon = s.anonymous();
        String[] authorizations = {
            basic(login, "not-the-password", StandardCharsets.UTF_8),
            basic("no-such-user-" + System.nanoTime(), "pw", StandardCharsets.UTF_8),
            basic(login, "", StandardCharsets.UTF_8),
            basic(login.toUpperCase(), "pw-" + login, StandardCharsets.UTF_8),
            "Basic !!!not-base64!!!",
            "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)),
            "Bearer abc.def.ghi",
            "Digest username=\"" + login + "\"",
        };
        for (String a : authorizations) {
            HttpResponse<String> r = anon.send("PROPFIND", good.url(""), null, "Depth", "0", "Authorization", a);
            assertThat(r.statusCode()).as(a).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate").orElse(""))
                    .as(a)
                    .startsWith("Basic ")
                    .contains("realm=");
        }
        assertThat(anon.send("GET", good.url(""), null).statusCode()).isEqualTo(401);
    }

    @Test
    void aDisabledAccountIsRefusedWithinASecondAndComesBack() {
        String login = s.newUser("disable");
        Dav dav = s.dav(login);
        assertThat(dav.propfind("", "0", null).statusCode()).isEqualTo(207); // credentials now cached

        s.users().setEnabled(login, false);
        long ms = millisUntil(dav, 401);
        assertThat(ms).as("refused after %d ms", ms).isLessThanOrEqualTo(1000);
        assertThat(dav.put("after.txt", "x").statusCode()).isEqualTo(401);

        s.users().setEnabled(login, true);
        long back = millisUntil(dav, 207);
        assertThat(back).as("accepted again after %d ms", back).isLessThanOrEqualTo(1000);
        assertThat(dav.get("after.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void aChangedPasswordTakesEffectWithinASecond() {
        String login = s.newUser("passwd");
        Dav old = s.dav(login);
        assertThat(old.propfind("", "0", null).statusCode()).isEqualTo(207);

        s.users().setPassword(login, "brand-new-" + UTF8_PASSWORD);
        long ms = millisUntil(old, 401);
        assertThat(ms).as("old password refused after %d ms", ms).isLessThanOrEqualTo(1000);
        Dav fresh = old.withPassword("brand-new-" + UTF8_PASSWORD);
        long accepted = millisUntil(fresh, 207);
        assertThat(accepted).isLessThanOrEqualTo(1000);
        assertThat(old.propfind("", "0", null).statusCode()).isEqualTo(401);
    }

    /**
     * Polls for at most 3 s; returns the time from the call to the start of the first request that got
     * {@code status} (so slow requests do not count against the server).
     */
    private static long millisUntil(Dav dav, int status) {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 3_000_000_000L) {
            long sent = System.nanoTime();
            if (dav.propfind("", "0", null).statusCode() == status) {
                return (sent - t0) / 1_000_000;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("still not " + status + " after 3 s");
    }
}
