package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * Names from a Mac arrive decomposed (NFD). Kiste stores names composed, but the multistatus names the requested
 * resource with the path the client sent, as SabreDAV does: a client that finds another href for the resource it
 * asked about takes it for a second item (the ownCloud client then hangs, and the next sync makes a copy).
 */
class DecomposedNameHrefTest {
    private static final String NFD_FILE = "Cafe\u0301.txt";
    private static final String NFD_FOLDER = "Re\u0301sume\u0301s";
    private static final TestServer s = TestServer.get();
    private static Dav dav;

    @BeforeAll
    static void user() {
        dav = s.dav(s.newUser("nfd")).in("mac");
        assertThat(Normalizer.isNormalized(NFD_FILE, Normalizer.Form.NFC)).isFalse();
        assertThat(dav.put(Dav.enc(NFD_FILE), "coffee").statusCode()).isEqualTo(201);
        assertThat(dav.mkcol(Dav.enc(NFD_FOLDER)).statusCode()).isEqualTo(201);
        assertThat(dav.put(Dav.enc(NFD_FOLDER) + "/cv.txt", "cv").statusCode()).isEqualTo(201);
    }

    @Test
    void theFileIsNamedAsRequested() {
        String sent = dav.home() + Dav.enc(NFD_FILE);
        MultiStatus ms = MultiStatus.parse(dav.propfind(Dav.enc(NFD_FILE), "0", null));
        assertThat(ms.responses).hasSize(1);
        assertThat(ms.self().href()).isEqualTo(sent);
        assertThat(ms.self().path()).isEqualTo(Dav.decode(dav.home()) + NFD_FILE);
    }

    @Test
    void theFolderIsNamedAsRequestedAtDepthOne() {
        String sent = dav.home() + Dav.enc(NFD_FOLDER) + "/";
        MultiStatus ms = MultiStatus.parse(dav.propfind(Dav.enc(NFD_FOLDER) + "/", "1", null));
        assertThat(ms.responses).hasSize(2);
        assertThat(ms.self().href()).isEqualTo(sent);
        // the children are listed below the folder as requested, so a client can strip the prefix it sent
        assertThat(ms.responses.get(1).href()).isEqualTo(sent + "cv.txt");
    }

    @Test
    void theComposedFormStillFindsTheSameFile() {
        String nfc = Normalizer.normalize(NFD_FILE, Normalizer.Form.NFC);
        assertThat(dav.get(Dav.enc(nfc)).body()).isEqualTo("coffee");
        MultiStatus ms = MultiStatus.parse(dav.propfind(Dav.enc(nfc), "0", null));
        assertThat(ms.self().href()).isEqualTo(dav.home() + Dav.enc(nfc));
    }
}
