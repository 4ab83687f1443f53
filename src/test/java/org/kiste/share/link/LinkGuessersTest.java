package org.kiste.share.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kiste.model.Share;
import org.kiste.testing.Browser;
import org.kiste.testing.FromAddress;
import org.kiste.testing.Links;
import org.kiste.testing.TestServer;

/**
 * A password link guessed from many addresses (127.0.0.x stand in for them), over real HTTP: every wrong password
 * counts on the link's own key whatever its address, and while that key holds attempts back, new addresses get
 * 429 with Retry-After on the page and on public WebDAV, while a browser that unlocked the link before keeps
 * using it.
 */
class LinkGuessersTest {
    private final TestServer ts = TestServer.get();
    private final Links links = new Links(ts);

    private FromAddress from(int last) {
        return new FromAddress("127.0.0." + last, ts.baseUrl);
    }

    private FromAddress.Answer davWith(FromAddress client, Share link, String password) {
        return client.send(
                "PROPFIND", "/public.php/webdav/", FromAddress.basic(link.token(), password), null, "Depth: 0");
    }

    private int linkWideFailures(Share link) {
        return ts.backend.database().read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT failures FROM auth_throttle WHERE kind = 'link-all' AND subject = ?")) {
                ps.setString(1, Long.toString(link.id()));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    /** The cookies a response sets, as one Cookie header line. */
    private static String cookies(FromAddress.Answer a) {
        List<String> out = new ArrayList<>();
        for (String line : a.head().split("\r\n")) {
            if (line.regionMatches(true, 0, "Set-Cookie:", 0, 11)) {
                out.add(line.substring(11).trim().split(";", 2)[0]);
            }
        }
        return "Cookie: " + String.join("; ", out);
    }

    @Test
    void manyAddressesGuessingOneLinkAreHeldBackAndAnUnlockedVisitorIsNot() {
        String owner = ts.newUser("lgx");
        ts.dav(owner).mkcol("Vault");
        ts.dav(owner).put("Vault/inside.txt", "inside");
        Share link = links.create(owner, "/Vault", Links.READ, "open sesame 7");
        String page = "/s/" + link.token();

        // a visitor unlocks the link in the browser first
        FromAddress visitor = from(161);
        FromAddress.Answer form = visitor.send("GET", page, null, null, "Accept: text/html");
        assertThat(form.status()).isEqualTo(200);
        String body = "csrf=" + URLEncoder.encode(Browser.csrf(form.body()), StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode("open sesame 7", StandardCharsets.UTF_8);
        FromAddress.Answer unlocked = visitor.send(
                "POST",
                page + "/authenticate",
                null,
                body,
                cookies(form),
                "Content-Type: application/x-www-form-urlencoded");
        assertThat(unlocked.status()).isEqualTo(303);
        String proof = cookies(unlocked);
        assertThat(proof).contains("kiste_link_unlocked=");

        // 32 wrong passwords from eight addresses, four each: no address reaches its own limits (10)
        int held = 0;
        for (int i = 0; i < 32; i++) {
            FromAddress.Answer a = davWith(from(170 + i % 8), link, "guess-" + i);
            assertThat(a.status()).isIn(401, 429);
            if (a.status() == 429) {
                held++;
                assertThat(a.retryAfter()).isPositive();
            }
        }
        // every guess was counted on the link's key, until it started holding them back (30 free)
        assertThat(linkWideFailures(link)).isEqualTo(32 - held).isGreaterThanOrEqualTo(30);

        // the attack goes on: the link's key holds new addresses back for ten minutes now
        ts.backend.database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE auth_throttle SET blocked_until_ms = ?,"
                    + " expires_ms = ? WHERE kind = 'link-all' AND subject = ?")) {
                long until = System.currentTimeMillis() + 600_000;
                ps.setLong(1, until);
                ps.setLong(2, until + 3_600_000);
                ps.setString(3, Long.toString(link.id()));
                return ps.executeUpdate();
            }
        });
        FromAddress.Answer guess = davWith(from(190), link, "one more");
        assertThat(guess.status()).isEqualTo(429);
        assertThat(guess.retryAfter()).isGreaterThan(500);
        FromAddress.Answer formRefused = from(191).send("GET", page, null, null, "Accept: text/html");
        assertThat(formRefused.status()).isEqualTo(429);
        assertThat(formRefused.retryAfter()).isGreaterThan(500);

        // the browser that unlocked the link keeps using it, at whatever address it is now
        FromAddress.Answer listing = from(192).send("GET", page, null, null, "Accept: text/html", proof);
        assertThat(listing.status()).isEqualTo(200);
        assertThat(listing.body()).contains("inside.txt");
    }
}
