package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.model.Share;
import org.kiste.testing.Browser;
import org.kiste.testing.Dav;
import org.kiste.testing.Links;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * Names with bidi controls (which let "invoice" + RLO + "fdp.exe" look like "invoiceexe.pdf") are refused like
 * names with other control characters, on every door that names a new item: PUT, MKCOL, MOVE, the link page's
 * upload and a drop link's PUT.
 */
class BidiNamesTest {
    private static final TestServer s = TestServer.get();
    private static final List<Character> BIDI = List.of(
            '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e',
            '\u200f', '\u061c');
    private static String owner;
    private static Dav me;

    @BeforeAll
    static void user() {
        owner = s.newUser("bidi");
        me = s.dav(owner);
    }

    private static String name(char ch) {
        return "invoice" + ch + "fdp.exe";
    }

    @Test
    void davRefusesBidiNamesWithTheStatusOfOtherControlCharacters() {
        Dav me = BidiNamesTest.me.in("dav");
        me.put("plain.txt", "x");
        int control = me.put(Dav.enc("a\u0001b.txt"), "x").statusCode();
        assertThat(control).isEqualTo(400);
        for (char ch : BIDI) {
            String n = Dav.enc(name(ch));
            String hex = Integer.toHexString(ch);
            assertThat(me.put(n, "x").statusCode()).as("PUT U+" + hex).isEqualTo(control);
            assertThat(me.mkcol(n).statusCode()).as("MKCOL U+" + hex).isEqualTo(control);
            assertThat(me.move("plain.txt", n).statusCode()).as("MOVE U+" + hex).isEqualTo(control);
        }
        assertThat(MultiStatus.parse(me.propfind("", "1", null)).paths()).hasSize(2);
        // right-to-left text itself is a fine name
        assertThat(me.put(Dav.enc("עברית.txt"), "x").statusCode()).isEqualTo(201);
    }

    @Test
    void linkUploadsRefuseBidiNames() {
        me.mkcol("In");
        Links links = new Links(s);
        Share link = links.create(owner, "/In", Links.READ_WRITE, null);
        Browser b = new Browser("Accept-Language", "en");
        String page = s.baseUrl + "/s/" + link.token();
        String html = b.get(page).body();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(name('\u202e'), "x".getBytes(StandardCharsets.UTF_8));
        String csrf = Browser.csrf(html);
        assertThat(b.postMultipart(page + "/upload?csrf=" + csrf, Map.of("csrf", csrf), "files", files)
                        .statusCode())
                .isEqualTo(400);

        Share drop = links.create(owner, "/In", Links.DROP, null);
        Dav visitor = new Dav(s.baseUrl, "anonymous", null);
        String url = s.baseUrl + "/public.php/dav/files/" + drop.token() + "/" + Dav.enc(name('\u2067'));
        assertThat(visitor.send("PUT", url, "x").statusCode()).isEqualTo(400);
        assertThat(MultiStatus.parse(me.propfind("In/", "1", null)).paths()).hasSize(1);
    }
}
