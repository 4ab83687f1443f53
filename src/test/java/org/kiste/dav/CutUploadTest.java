package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.RawHttp;
import org.kiste.testing.TestServer;

/**
 * A client that hangs up in the middle of an upload (killed, network gone): the answer is 400, not a server error,
 * and nothing of the cut body is kept, neither as a file nor as a chunk of a chunked upload.
 */
class CutUploadTest {
    private final TestServer ts = TestServer.get();

    @Test
    void aCutPutIsABadRequestAndKeepsTheOldContent() {
        String user = ts.newUser("cut");
        Dav d = ts.dav(user);
        assertThat(d.put("kept.txt", "old content").statusCode()).isEqualTo(201);
        byte[] part = new byte[200_000];

        RawHttp.Answer fresh =
                RawHttp.sendCut(ts.baseUrl, "PUT", d.home() + "new.bin", d.authorization(), 5_000_000, part);
        assertThat(fresh.status()).as(fresh.body()).isEqualTo(400);
        assertThat(d.get("new.bin").statusCode()).isEqualTo(404);

        RawHttp.Answer over =
                RawHttp.sendCut(ts.baseUrl, "PUT", d.home() + "kept.txt", d.authorization(), 5_000_000, part);
        assertThat(over.status()).as(over.body()).isEqualTo(400);
        assertThat(d.get("kept.txt").body()).isEqualTo("old content");
    }

    @Test
    void aCutChunkIsABadRequestAndNotKept() {
        String user = ts.newUser("cutc");
        Dav d = ts.dav(user);
        String transfer = ts.baseUrl + "/remote.php/dav/uploads/" + user + "/t-cut";
        assertThat(d.send("MKCOL", transfer, null).statusCode()).isEqualTo(201);
        assertThat(d.send("PUT", transfer + "/00001", "first").statusCode()).isEqualTo(201);

        RawHttp.Answer cut = RawHttp.sendCut(
                ts.baseUrl,
                "PUT",
                "/remote.php/dav/uploads/" + user + "/t-cut/00002",
                d.authorization(),
                5_000_000,
                new byte[100_000]);
        assertThat(cut.status()).as(cut.body()).isEqualTo(400);
        MultiStatus chunks = MultiStatus.parse(d.send("PROPFIND", transfer + "/", null, "Depth", "1"));
        assertThat(chunks.paths()).anyMatch(p -> p.endsWith("/00001")).noneMatch(p -> p.endsWith("/00002"));
    }
}
