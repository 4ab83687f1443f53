package org.kiste.nextcloud.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.Ocs;
import org.kiste.testing.TestServer;

/**
 * The old ownCloud chunking (a PUT with {@code OC-Chunked: 1} to {@code <name>-chunking-<transfer>-<count>-<index>})
 * is not built, so it is refused with a 4xx instead of being stored as an ordinary file of that name (which would
 * sync to every device while the real file never arrives); the capabilities say so with {@code bigfilechunking:
 * false}, a key the Android app requires to be present.
 */
class LegacyChunkingRefusedTest {
    private final TestServer s = TestServer.get();

    @Test
    void anOcChunkedPutIsRefusedAndStoresNothing() {
        Dav dav = s.dav(s.newUser("legacy"));
        String chunk = "report.pdf-chunking-1234-2-0";
        HttpResponse<String> r =
                dav.put(chunk, "first half", "OC-Chunked", "1", "OC-Chunk-Size", "10", "OC-Total-Length", "20");
        assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
        assertThat(dav.propfind(chunk, "0", null).statusCode()).isEqualTo(404);
        assertThat(dav.get("report.pdf").statusCode()).isEqualTo(404);
        assertThat(MultiStatus.parse(dav.propfind("", "1", null)).responses)
                .as("the home stays empty")
                .hasSize(1);
    }

    @Test
    void theCapabilitiesSayBigFileChunkingIsOff() {
        for (String v : new String[] {"v1.php", "v2.php"}) {
            Ocs.Answer a = new Ocs(s.dav(s.newUser("legacycaps"))).json(v + "/cloud/capabilities");
            assertThat(a.http()).isEqualTo(200);
            JsonNode files = a.data().path("capabilities").path("files");
            assertThat(files.has("bigfilechunking")).as(v).isTrue();
            assertThat(files.path("bigfilechunking").isBoolean()).as(v).isTrue();
            assertThat(files.path("bigfilechunking").asBoolean()).as(v).isFalse();
        }
    }
}
