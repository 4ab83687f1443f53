package org.kiste.nextcloud.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.Spaces;
import org.kiste.testing.TestServer;

/**
 * Chunked uploads obey the one quota rule of every door: the space that receives the bytes judges them, and chunks
 * parked in the uploads area count like stored bytes. Parked chunks count against the space of the Destination a
 * client announces with them (chunking v2: MKCOL and every chunk PUT carry it), else against the user's home.
 */
class ChunkedUploadQuotaTest {
    private static final int KIB = 1 << 10;
    private static final int MIB = 1 << 20;
    private final TestServer s = TestServer.get();
    private final Spaces spaces = new Spaces(s);

    @Test
    void anUploadIntoATeamFolderIsJudgedByTheTeamFoldersQuotaNotTheHomes() {
        String login = spaces.user("cqhome", 10L * MIB);
        String team = spaces.teamFolder(1L << 30, login);
        UploadClient up = new UploadClient(s.dav(login));
        byte[] data = UploadClient.random(15 * MIB, 15);
        String dest = up.filePath(team + "/big.bin");
        String total = Integer.toString(data.length);

        // chunking v2 as the desktop (3.10+) and Android send it: the Destination and the length on every step
        assertThat(up.mkcol("team15", "Destination", dest, "OC-Total-Length", total)
                        .statusCode())
                .isEqualTo(201);
        for (int i = 0; i < 3; i++) {
            byte[] part = Arrays.copyOfRange(data, i * 5 * MIB, (i + 1) * 5 * MIB);
            assertThat(up.put("team15", Integer.toString(i + 1), part, "Destination", dest, "OC-Total-Length", total)
                            .statusCode())
                    .as("chunk %d", i + 1)
                    .isEqualTo(201);
        }
        HttpResponse<String> r = up.assemble("team15", dest, "OC-Total-Length", total);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);

        HttpResponse<byte[]> got = up.dav.sendBytes("GET", s.baseUrl + dest, null);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(UploadClient.sha1(got.body())).isEqualTo(UploadClient.sha1(data));
        assertThat(UploadClient.quotaUsed(up.dav, ""))
                .as("the home holds none of it")
                .isZero();
        assertThat(UploadClient.quotaUsed(up.dav, Dav.enc(team))).isEqualTo(data.length);
    }

    @Test
    void anUploadIntoATeamFolderTooSmallIs507AndStoresNothing() {
        String login = spaces.user("cqsmall", -1);
        String team = spaces.teamFolder(MIB, login);
        UploadClient up = new UploadClient(s.dav(login));
        byte[] data = UploadClient.random(3 * MIB, 3);
        String dest = up.filePath(team + "/big.bin");

        // desktop 3.7 ("NG"): nothing announced before the MOVE, so only the assembly can judge
        assertThat(up.mkcol("small-ng").statusCode()).isEqualTo(201);
        for (int i = 0; i < 3; i++) {
            assertThat(up.put("small-ng", Integer.toString(i + 1), Arrays.copyOfRange(data, i * MIB, (i + 1) * MIB))
                            .statusCode())
                    .isEqualTo(201);
        }
        HttpResponse<String> r = up.assemble("small-ng", dest, "OC-Total-Length", Integer.toString(data.length));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(507);
        assertNothingStored(up, team);

        // chunking v2: the server may refuse at MKCOL, at a chunk or at the MOVE, but it refuses with 507
        String total = Integer.toString(data.length);
        int refused = up.mkcol("small-v2", "Destination", dest, "OC-Total-Length", total)
                .statusCode();
        for (int i = 0; i < 3 && refused == 201; i++) {
            refused = up.put(
                            "small-v2",
                            Integer.toString(i + 1),
                            Arrays.copyOfRange(data, i * MIB, (i + 1) * MIB),
                            "Destination",
                            dest,
                            "OC-Total-Length",
                            total)
                    .statusCode();
        }
        if (refused == 201) {
            refused = up.assemble("small-v2", dest, "OC-Total-Length", total).statusCode();
        }
        assertThat(refused).isEqualTo(507);
        assertNothingStored(up, team);
    }

    private void assertNothingStored(UploadClient up, String team) {
        assertThat(up.dav.get(Dav.enc(team) + "/big.bin").statusCode()).isEqualTo(404);
        assertThat(MultiStatus.parse(up.dav.propfind(Dav.enc(team), "1", null)).responses)
                .as("the team folder alone")
                .hasSize(1);
        assertThat(UploadClient.quotaUsed(up.dav, Dav.enc(team))).isZero();
    }

    @Test
    void parkedChunksCountAgainstTheQuotaAcrossTransfers() {
        String login = spaces.user("cqpark", MIB);
        UploadClient up = new UploadClient(s.dav(login));

        assertThat(up.mkcol("a").statusCode()).isEqualTo(201);
        assertThat(up.put("a", "1", UploadClient.random(600 * KIB, 1)).statusCode())
                .isEqualTo(201);
        assertThat(up.put("a", "2", UploadClient.random(600 * KIB, 2)).statusCode())
                .as("1200 KiB parked for 1024")
                .isEqualTo(507);
        assertThat(up.list("a").responses)
                .as("the transfer and its first chunk")
                .hasSize(2);

        // another transfer sees the same quota
        assertThat(up.mkcol("b").statusCode()).isEqualTo(201);
        assertThat(up.put("b", "1", UploadClient.random(600 * KIB, 3)).statusCode())
                .isEqualTo(507);
        assertThat(up.put("b", "1", UploadClient.random(400 * KIB, 4)).statusCode())
                .isEqualTo(201);
        assertThat(up.list("b").responses).hasSize(2);
        // and so do the files: 1000 KiB are parked
        assertThat(up.dav.put("plain.bin", "x".repeat(100 * KIB)).statusCode()).isEqualTo(507);
        assertThat(up.dav.get("plain.bin").statusCode()).isEqualTo(404);

        // abandoning a transfer frees its chunks
        assertThat(up.dav.send("DELETE", up.transfer("a"), null).statusCode()).isEqualTo(204);
        byte[] second = UploadClient.random(600 * KIB, 5);
        assertThat(up.put("b", "2", second).statusCode()).isEqualTo(201);

        // assembly turns parked bytes into the file; they are not counted twice
        HttpResponse<String> r = up.assemble("b", up.dav.url("b.bin"), "OC-Total-Length", Integer.toString(1000 * KIB));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(UploadClient.quotaUsed(up.dav, "")).isEqualTo(1000 * KIB);
        assertThat(up.dav.put("fill.bin", "f".repeat(24 * KIB)).statusCode()).isEqualTo(201);
        assertThat(up.mkcol("c").statusCode()).isEqualTo(201);
        assertThat(up.put("c", "1", new byte[1]).statusCode())
                .as("the quota is full")
                .isEqualTo(507);
    }
}
