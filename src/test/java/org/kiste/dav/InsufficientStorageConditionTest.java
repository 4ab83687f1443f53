package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kiste.model.Share;
import org.kiste.testing.Dav;
import org.kiste.testing.Links;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.Spaces;
import org.kiste.testing.TestServer;
import org.w3c.dom.Element;

/**
 * One mapping of errors for every door: a 507 names the RFC 4331 §6 {@code quota-not-exceeded} precondition in a
 * {@code DAV:error} body whether the bytes came through the files tree, a public link or the uploads area.
 */
class InsufficientStorageConditionTest {
    private final TestServer ts = TestServer.get();
    private final Spaces spaces = new Spaces(ts);

    private static void assertQuotaNotExceeded(String what, int status, String body) {
        assertThat(status).as("%s: %s", what, body).isEqualTo(507);
        Element root = MultiStatus.dom(body).getDocumentElement();
        assertThat(root.getNamespaceURI() + root.getLocalName())
                .as("%s: %s", what, body)
                .isEqualTo("DAV:error");
        assertThat(MultiStatus.children(root, "quota-not-exceeded"))
                .as("%s: %s", what, body)
                .hasSize(1);
    }

    private static String uploads(Dav dav) {
        return dav.baseUrl + "/remote.php/dav/uploads/" + dav.login;
    }

    @Test
    void theFilesTree() {
        Dav dav = ts.dav(spaces.user("q507f", 100));
        HttpResponse<String> r = dav.put("big.bin", "x".repeat(101));
        assertQuotaNotExceeded("PUT", r.statusCode(), r.body());
    }

    @Test
    void thePublicLinkDoor() {
        String owner = spaces.user("q507l", 100);
        Dav dav = ts.dav(owner);
        assertThat(dav.mkcol("Drop").statusCode()).isEqualTo(201);
        Share link = new Links(ts).create(owner, "/Drop", Links.READ_WRITE, null);
        Dav visitor = ts.anonymous();
        HttpResponse<String> r =
                visitor.send("PUT", ts.baseUrl + "/public.php/dav/files/" + link.token() + "/big.bin", "x".repeat(200));
        assertQuotaNotExceeded("PUT through the link", r.statusCode(), r.body());
        assertThat(dav.get("Drop/big.bin").statusCode()).isEqualTo(404);
    }

    @Test
    void theUploadsDoorForAChunk() {
        Dav dav = ts.dav(spaces.user("q507c", 100));
        assertThat(dav.send("MKCOL", uploads(dav) + "/t", null).statusCode()).isEqualTo(201);
        HttpResponse<String> r = dav.send("PUT", uploads(dav) + "/t/1", "x".repeat(200));
        assertQuotaNotExceeded("chunk PUT", r.statusCode(), r.body());
    }

    @Test
    void theUploadsDoorForTheAssembly() {
        String login = spaces.user("q507a", -1);
        String team = spaces.teamFolder(100, login);
        Dav dav = ts.dav(login);
        assertThat(dav.send("MKCOL", uploads(dav) + "/t", null).statusCode()).isEqualTo(201);
        for (String chunk : List.of("1", "2")) {
            assertThat(dav.send("PUT", uploads(dav) + "/t/" + chunk, "x".repeat(100))
                            .statusCode())
                    .isEqualTo(201);
        }
        HttpResponse<String> r =
                dav.send("MOVE", uploads(dav) + "/t/.file", null, "Destination", dav.url(Dav.enc(team) + "/big.bin"));
        assertQuotaNotExceeded("MOVE .file", r.statusCode(), r.body());
        assertThat(dav.get(Dav.enc(team) + "/big.bin").statusCode()).isEqualTo(404);
    }
}
