package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.text.Normalizer;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * Names: any Unicode, stored and compared as NFC, case-sensitive, unique per folder; characters that mean
 * something in URLs round-trip through PUT → PROPFIND href → GET.
 */
class NamesTest {
    private static final TestServer s = TestServer.get();
    private static Dav me;

    @BeforeAll
    static void user() {
        me = s.dav(s.newUser("names"));
    }

    static final List<String> NAMES = List.of(
            "日本語のファイル.txt",
            "中文 文件.txt",
            "한국어.txt",
            "😀 emoji 🎉.txt",
            "Ελληνικά.txt",
            "עברית.txt",
            "with space.txt",
            "  two leading spaces.txt",
            "100% sure.txt",
            "%41 is not A.txt",
            "%2F is not a slash.txt",
            "#hash.txt",
            "what?.txt",
            "a&b.txt",
            "1+1=2.txt",
            "semi;colon.txt",
            "comma,name.txt",
            "quote'single.txt",
            "quote\"double.txt",
            "back\\slash.txt",
            "[brackets] (parens) {braces}.txt",
            "tilde~dollar$at@.txt",
            "equals=plus+ampersand&.txt",
            "no-extension",
            ".hidden",
            "..dots..",
            "...",
            "ends with dot.");

    @Test
    void specialNamesRoundTripThroughPutPropfindAndGet() {
        Dav dav = me.in("special");
        for (String name : NAMES) {
            HttpResponse<String> put = dav.put(Dav.enc(name), "content of " + name);
            assertThat(put.statusCode()).as("PUT " + name).isEqualTo(201);
        }
        MultiStatus ms = MultiStatus.parse(dav.propfind("", "1", null));
        assertThat(ms.responses).hasSize(NAMES.size() + 1);
        String home = Dav.decode(dav.home());
        for (String name : NAMES) {
            MultiStatus.Response r = ms.at(home + name);
            // the href is a valid encoded path: nothing a URL parser would cut off or re-interpret
            assertThat(r.href()).as(name).doesNotContain(" ", "#", "?", "\"", "\\");
            HttpResponse<String> get = dav.send("GET", dav.baseUrl + r.href(), null);
            assertThat(get.statusCode()).as("GET via href of " + name).isEqualTo(200);
            assertThat(get.body()).as(name).isEqualTo("content of " + name);
        }
    }

    @Test
    void specialNamesWorkForFoldersAndInEveryMethod() {
        Dav dav = me.in("folders");
        String folder = "dir #1 & 100% 'fun'?";
        String file = "ä + b = ç ;x.txt";
        assertThat(dav.mkcol(Dav.enc(folder)).statusCode()).isEqualTo(201);
        String path = Dav.enc(folder) + "/" + Dav.enc(file);
        assertThat(dav.put(path, "x").statusCode()).isEqualTo(201);
        MultiStatus ms = MultiStatus.parse(dav.propfind(Dav.enc(folder), "1", null));
        String home = Dav.decode(dav.home());
        assertThat(ms.paths()).containsExactlyInAnyOrder(home + folder + "/", home + folder + "/" + file);
        String renamed = "ünïcödé?#%.txt";
        assertThat(dav.move(path, Dav.enc(folder) + "/" + Dav.enc(renamed)).statusCode())
                .isEqualTo(201);
        assertThat(dav.copy(Dav.enc(folder), Dav.enc(folder + " (copy)")).statusCode())
                .isEqualTo(201);
        assertThat(dav.get(Dav.enc(folder + " (copy)") + "/" + Dav.enc(renamed)).body())
                .isEqualTo("x");
        assertThat(dav.proppatch(
                                Dav.enc(folder) + "/" + Dav.enc(renamed),
                                PropPatchTest.set("<x:n xmlns:x=\"urn:n\">ok</x:n>"))
                        .statusCode())
                .isEqualTo(207);
        assertThat(dav.delete(Dav.enc(folder) + "/" + Dav.enc(renamed)).statusCode())
                .isEqualTo(204);
        assertThat(MultiStatus.parse(dav.propfind(Dav.enc(folder), "1", null)).responses)
                .hasSize(1);
    }

    @Test
    void nfdRequestsFindTheNfcFileAndTheOtherWayRound() {
        Dav dav = me.in("nfc");
        String nfc = Normalizer.normalize("Café crème.txt", Normalizer.Form.NFC);
        String nfd = Normalizer.normalize("Café crème.txt", Normalizer.Form.NFD);
        assertThat(nfc).isNotEqualTo(nfd);

        // PUT with the NFD spelling (macOS), GET with the NFC one
        assertThat(dav.put(Dav.enc(nfd), "from mac").statusCode()).isEqualTo(201);
        assertThat(dav.get(Dav.enc(nfc)).body()).isEqualTo("from mac");
        assertThat(dav.get(Dav.enc(nfd)).body()).isEqualTo("from mac");
        // the same file, not a second one
        assertThat(dav.put(Dav.enc(nfc), "from linux").statusCode()).isEqualTo(204);
        MultiStatus ms = MultiStatus.parse(dav.propfind("", "1", null));
        assertThat(ms.responses).hasSize(2);
        assertThat(ms.paths()).contains(Dav.decode(dav.home()) + nfc);

        // and the other way round, for a folder
        String folderNfc = Normalizer.normalize("Ångström Ünïcode", Normalizer.Form.NFC);
        String folderNfd = Normalizer.normalize(folderNfc, Normalizer.Form.NFD);
        assertThat(dav.mkcol(Dav.enc(folderNfc)).statusCode()).isEqualTo(201);
        assertThat(dav.mkcol(Dav.enc(folderNfd)).statusCode()).isEqualTo(405);
        assertThat(dav.put(Dav.enc(folderNfd) + "/" + Dav.enc(nfd), "inside").statusCode())
                .isEqualTo(201);
        assertThat(dav.get(Dav.enc(folderNfc) + "/" + Dav.enc(nfc)).body()).isEqualTo("inside");
        assertThat(dav.propfind(Dav.enc(folderNfd), "0", null).statusCode()).isEqualTo(207);
        assertThat(dav.move(Dav.enc(folderNfd) + "/" + Dav.enc(nfd), Dav.enc(folderNfc) + "/" + Dav.enc("moved " + nfd))
                        .statusCode())
                .isEqualTo(201);
        assertThat(dav.get(Dav.enc(folderNfc) + "/" + Dav.enc("moved " + nfc)).body())
                .isEqualTo("inside");
    }

    @Test
    void namesAreCaseSensitive() {
        Dav dav = me.in("case");
        assertThat(dav.put("Readme.md", "upper").statusCode()).isEqualTo(201);
        assertThat(dav.put("readme.md", "lower").statusCode()).isEqualTo(201);
        assertThat(dav.put("README.md", "caps").statusCode()).isEqualTo(201);
        assertThat(dav.get("Readme.md").body()).isEqualTo("upper");
        assertThat(dav.get("readme.md").body()).isEqualTo("lower");
        assertThat(dav.get("README.md").body()).isEqualTo("caps");
        assertThat(dav.get("ReadMe.md").statusCode()).isEqualTo(404);
        // non-ASCII case pairs and accents are distinct too
        assertThat(dav.put(Dav.enc("Äpfel"), "1").statusCode()).isEqualTo(201);
        assertThat(dav.put(Dav.enc("äpfel"), "2").statusCode()).isEqualTo(201);
        assertThat(dav.put(Dav.enc("apfel"), "3").statusCode()).isEqualTo(201);
        assertThat(dav.get(Dav.enc("Äpfel")).body()).isEqualTo("1");
        assertThat(dav.get(Dav.enc("äpfel")).body()).isEqualTo("2");
        assertThat(MultiStatus.parse(dav.propfind("", "1", null)).responses).hasSize(7);
    }

    @Test
    void namesDifferingOnlyInTrailingSpacesAreDistinct() {
        Dav dav = me.in("trailing");
        assertThat(dav.put(Dav.enc("name"), "no space").statusCode()).isEqualTo(201);
        assertThat(dav.put(Dav.enc("name "), "one space").statusCode()).isEqualTo(201);
        assertThat(dav.put(Dav.enc("name  "), "two spaces").statusCode()).isEqualTo(201);
        assertThat(dav.get(Dav.enc("name")).body()).isEqualTo("no space");
        assertThat(dav.get(Dav.enc("name ")).body()).isEqualTo("one space");
        assertThat(dav.get(Dav.enc("name  ")).body()).isEqualTo("two spaces");
        MultiStatus ms = MultiStatus.parse(dav.propfind("", "1", null));
        String home = Dav.decode(dav.home());
        assertThat(ms.paths()).contains(home + "name", home + "name ", home + "name  ");
    }

    @Test
    void overlongNamesAreRefused() {
        Dav dav = me.in("long");
        String max = "a".repeat(251) + ".txt"; // 255 bytes
        assertThat(dav.put(max, "x").statusCode()).isEqualTo(201);
        assertThat(dav.get(max).body()).isEqualTo("x");
        assertThat(dav.put("a" + max, "x").statusCode()).isEqualTo(400);
        String cjk = "字".repeat(86); // 258 bytes of UTF-8
        assertThat(dav.put(Dav.enc(cjk), "x").statusCode()).isEqualTo(400);
    }
}
