package org.kiste.nextcloud.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.kiste.audit.AuditLog;
import org.kiste.model.Role;
import org.kiste.model.Subject;
import org.kiste.testing.Dav;
import org.kiste.testing.OcsShares;
import org.kiste.testing.Spaces;
import org.kiste.testing.TestServer;

/**
 * A chunked upload whose Destination lies in a place the user may only read (a team folder where they are a viewer,
 * a folder shared with them read-only) must not charge that place: the user cannot write there, so their parked
 * chunks may not eat the team folder's or the sharer's quota. The server either refuses the transfer (403) or parks
 * the chunks against the uploader's own home; either way the read-only place's usage does not grow, and the final
 * MOVE into it is refused with 403 and creates nothing.
 */
class ChunksParkedInReadOnlyFolderTest {
    private static final int MIB = 1 << 20;
    private static final int CHUNK = 2 * MIB;
    private static final int CHUNKS = 3;
    private final TestServer s = TestServer.get();
    private final Spaces spaces = new Spaces(s);

    /** What reads the usage of the read-only place: a folder whose {@code quota-used-bytes} is that space's. */
    private record Watched(Dav dav, String path) {
        long used() {
            return UploadClient.quotaUsed(dav, path);
        }
    }

    @Test
    void aViewersChunksDoNotCountAgainstTheTeamFolder() {
        String viewer = spaces.user("rov", 20L * MIB);
        String team = spaces.teamFolder(10L * MIB);
        s.backend.teamFolders().grant(AuditLog.ADMIN_CLI, team, Subject.Type.USER, viewer, Role.VIEWER);
        UploadClient up = new UploadClient(s.dav(viewer));

        assertNotChargedAndNotAssembled(up, new Watched(up.dav, Dav.enc(team)), team + "/big.bin", "team");
        assertThat(up.dav.get(Dav.enc(team) + "/big.bin").statusCode())
                .as("nothing in the team folder")
                .isEqualTo(404);
    }

    @Test
    void aReadOnlyRecipientsChunksDoNotCountAgainstTheSharer() {
        String sharer = spaces.user("ros", 10L * MIB);
        String recipient = spaces.user("ror", 20L * MIB);
        Dav owner = s.dav(sharer);
        assertThat(owner.mkcol("ReadOnly").statusCode()).isEqualTo(201);
        assertThat(owner.put("ReadOnly/a.txt", "hello").statusCode()).isEqualTo(201);
        new OcsShares(owner).create("/ReadOnly", OcsShares.USER, recipient, 1);
        UploadClient up = new UploadClient(s.dav(recipient));
        assertThat(up.dav.get("ReadOnly/a.txt").body())
                .as("the share is mounted")
                .isEqualTo("hello");

        assertNotChargedAndNotAssembled(up, new Watched(owner, ""), "ReadOnly/big.bin", "share");
        assertThat(owner.get("ReadOnly/big.bin").statusCode())
                .as("nothing in the shared folder")
                .isEqualTo(404);
    }

    /**
     * A recipient who may change files but not add them (share permissions 3: read and update) names a new file as
     * Destination: they could never create it, so the sharer's space is not charged either.
     */
    @Test
    void anEditOnlyRecipientsChunksForANewFileDoNotCountAgainstTheSharer() {
        String sharer = spaces.user("eos", 10L * MIB);
        String recipient = spaces.user("eor", 20L * MIB);
        Dav owner = s.dav(sharer);
        assertThat(owner.mkcol("EditOnly").statusCode()).isEqualTo(201);
        assertThat(owner.put("EditOnly/a.txt", "hello").statusCode()).isEqualTo(201);
        new OcsShares(owner).create("/EditOnly", OcsShares.USER, recipient, 3);
        UploadClient up = new UploadClient(s.dav(recipient));
        assertThat(up.dav.get("EditOnly/a.txt").body()).isEqualTo("hello");

        assertNotChargedAndNotAssembled(up, new Watched(owner, ""), "EditOnly/new.bin", "edit");
        assertThat(owner.get("EditOnly/new.bin").statusCode()).isEqualTo(404);
    }

    /**
     * Starts a transfer headed for {@code target} (a path in the uploader's tree inside the read-only place), parks
     * three chunks with the Destination on every step as chunking v2 clients do, then assembles into {@code target}.
     */
    private static void assertNotChargedAndNotAssembled(UploadClient up, Watched place, String target, String id) {
        String dest = up.filePath(target);
        String total = Integer.toString(CHUNKS * CHUNK);
        long placeBefore = place.used();
        long homeBefore = UploadClient.quotaUsed(up.dav, "");

        HttpResponse<String> mk = up.mkcol(id, "Destination", dest, "OC-Total-Length", total);
        assertThat(mk.statusCode()).as("MKCOL: %s", mk.body()).isIn(201, 403);
        long parked = 0;
        boolean started = mk.statusCode() == 201;
        for (int i = 1; started && i <= CHUNKS; i++) {
            HttpResponse<byte[]> r = up.put(
                    id,
                    Integer.toString(i),
                    UploadClient.random(CHUNK, i),
                    "Destination",
                    dest,
                    "OC-Total-Length",
                    total);
            assertThat(r.statusCode()).as("chunk %d", i).isIn(201, 403);
            if (r.statusCode() == 201) {
                parked += CHUNK;
            }
        }

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(place.used() - placeBefore)
                .as("bytes charged to the read-only place after %d parked bytes", parked)
                .isZero();
        soft.assertThat(UploadClient.quotaUsed(up.dav, "") - homeBefore)
                .as("bytes charged to the uploader's home")
                .isEqualTo(parked);

        if (!started) {
            // the transfer was refused: assemble one parked in the home (no Destination, as older clients do)
            id = id + "-home";
            assertThat(up.mkcol(id).statusCode()).isEqualTo(201);
            assertThat(up.put(id, "1", UploadClient.random(CHUNK, 9)).statusCode())
                    .isEqualTo(201);
            total = Integer.toString(CHUNK);
        }
        HttpResponse<String> move = up.assemble(id, dest, "OC-Total-Length", total);
        soft.assertThat(move.statusCode()).as("MOVE of .file: %s", move.body()).isEqualTo(403);
        soft.assertThat(up.dav.get(Dav.encPath(target)).statusCode())
                .as("no file at the destination")
                .isEqualTo(404);
        soft.assertThat(place.used() - placeBefore)
                .as("bytes charged to the read-only place after the MOVE")
                .isZero();
        soft.assertAll();
    }
}
