package org.kiste.nextcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.FileLikeGet;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/** A file in the trash bin is read like a file: HEAD, Range and the conditional headers. */
class TrashbinGetTest {
    private final TestServer ts = TestServer.get();

    @Test
    void aTrashedFileIsServedLikeAFile() {
        Dav d = ts.dav(ts.newUser("trashget"));
        String content = "0123456789abcdef";
        assertThat(d.put("gone.txt", content).statusCode()).isEqualTo(201);
        assertThat(d.delete("gone.txt").statusCode()).isEqualTo(204);
        MultiStatus ms = MultiStatus.parse(
                d.send("PROPFIND", ts.baseUrl + "/remote.php/dav/trashbin/" + d.login + "/trash/", null, "Depth", "1"));
        String href = ms.responses.stream()
                .filter(r -> "gone.txt".equals(r.text("{http://nextcloud.org/ns}trashbin-filename")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("not in the trash bin: " + ms.hrefs()))
                .href();
        FileLikeGet.assertServedLikeAFile(d, ts.baseUrl + href, content.getBytes(StandardCharsets.US_ASCII));
    }
}
