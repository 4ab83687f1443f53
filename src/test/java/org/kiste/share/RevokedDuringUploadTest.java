package org.kiste.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kiste.audit.AuditLog;
import org.kiste.model.Role;
import org.kiste.model.Subject;
import org.kiste.testing.Dav;
import org.kiste.testing.OcsShares;
import org.kiste.testing.TestServer;

/**
 * An upload through a mount decides on the grant as it is when the upload commits, not as it was when the request
 * began: a PUT that is still streaming when the owner revokes or narrows the share, or when its user leaves the group
 * a team folder is granted to, is refused (403, or 409 once the mount is gone from the user's tree) and leaves
 * nothing behind. The next upload is refused at once.
 */
class RevokedDuringUploadTest {
    private static final int HALF = 256 * 1024;
    private final TestServer ts = TestServer.get();

    /** A body that sends half, waits until {@code go} opens, then sends the rest. */
    private static final class HeldBody extends InputStream {
        private final CountDownLatch halfSent = new CountDownLatch(1);
        private final CountDownLatch go = new CountDownLatch(1);
        private int pos;

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= 2 * HALF) {
                return -1;
            }
            if (pos == HALF) {
                halfSent.countDown();
                try {
                    if (!go.await(60, TimeUnit.SECONDS)) {
                        return -1;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            }
            int n = Math.min(len, (pos < HALF ? HALF : 2 * HALF) - pos);
            java.util.Arrays.fill(b, off, off + n, (byte) 'x');
            pos += n;
            return n;
        }
    }

    /** Starts a streaming PUT of {@code path} as {@code dav}, with the body held after its first half. */
    private static CompletableFuture<HttpResponse<String>> heldPut(Dav dav, String path, HeldBody body) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(dav.url(Dav.encPath(path))))
                .header("Authorization", dav.authorization())
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> body), 2L * HALF))
                .build();
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .sendAsync(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anUploadStillStreamingWhenTheShareIsRevokedDoesNotLand() throws Exception {
        Dav owner = ts.dav(ts.newUser("owner"));
        Dav guest = ts.dav(ts.newUser("guest"));
        assertThat(owner.mkcol("drop").statusCode()).isEqualTo(201);
        long shareId = new OcsShares(owner)
                .create("drop", OcsShares.USER, guest.login, 31)
                .get("id")
                .asLong();
        assertThat(guest.put("drop/before.txt", "while shared").statusCode()).isEqualTo(201);

        HeldBody body = new HeldBody();
        CompletableFuture<HttpResponse<String>> upload = heldPut(guest, "drop/big.bin", body);
        assertThat(body.halfSent.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Sharing.send(owner, "DELETE", "/" + shareId, "").http()).isEqualTo(200);
        body.go.countDown();

        // refused: 403, or 409 when the share is already gone from the guest's tree as the upload commits
        assertThat(upload.get(60, TimeUnit.SECONDS).statusCode()).isIn(403, 409);
        assertThat(owner.get("drop/big.bin").statusCode()).isEqualTo(404);
        assertThat(owner.get("drop/before.txt").body()).isEqualTo("while shared");
        assertThat(guest.put("drop/after.txt", "too late").statusCode()).isIn(403, 404, 409);
        assertThat(owner.get("drop/after.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void anUploadNarrowedToReadOnlyMidwayDoesNotLand() throws Exception {
        Dav owner = ts.dav(ts.newUser("owner"));
        Dav guest = ts.dav(ts.newUser("guest"));
        assertThat(owner.mkcol("ro").statusCode()).isEqualTo(201);
        long shareId = new OcsShares(owner)
                .create("ro", OcsShares.USER, guest.login, 31)
                .get("id")
                .asLong();

        HeldBody body = new HeldBody();
        CompletableFuture<HttpResponse<String>> upload = heldPut(guest, "ro/big.bin", body);
        assertThat(body.halfSent.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Sharing.send(owner, "PUT", "/" + shareId, "permissions=1").http())
                .isEqualTo(200);
        body.go.countDown();

        assertThat(upload.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(403);
        assertThat(owner.get("ro/big.bin").statusCode()).isEqualTo(404);
    }

    @Test
    void anUploadStillStreamingWhenItsUserLeavesTheTeamFoldersGroupDoesNotLand() throws Exception {
        String user = ts.newUser("member");
        String group = "g" + System.nanoTime() % 1_000_000_000;
        String team = "Revoked" + System.nanoTime() % 1_000_000;
        ts.backend.groups().add(AuditLog.ADMIN_CLI, group, group);
        ts.backend.groups().addMember(AuditLog.ADMIN_CLI, group, user);
        ts.backend.teamFolders().create(AuditLog.ADMIN_CLI, team, -1);
        ts.backend.teamFolders().grant(AuditLog.ADMIN_CLI, team, Subject.Type.GROUP, group, Role.EDITOR);
        ts.backend.files().mountsChanged();
        Dav d = ts.dav(user);
        assertThat(d.put(team + "/before.txt", "while a member").statusCode()).isEqualTo(201);

        HeldBody body = new HeldBody();
        CompletableFuture<HttpResponse<String>> upload = heldPut(d, team + "/big.bin", body);
        assertThat(body.halfSent.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ts.backend.groups().removeMember(AuditLog.ADMIN_CLI, group, user))
                .isTrue();
        body.go.countDown();

        // refused: 403, or 409 when the folder is already gone from the user's tree as the upload commits
        assertThat(upload.get(60, TimeUnit.SECONDS).statusCode()).isIn(403, 409);
        String admin = ts.newUser("keeper");
        ts.backend.teamFolders().grant(AuditLog.ADMIN_CLI, team, Subject.Type.USER, admin, Role.VIEWER);
        ts.backend.files().mountsChanged();
        Dav keeper = ts.dav(admin);
        assertThat(keeper.get(team + "/big.bin").statusCode()).isEqualTo(404);
        assertThat(keeper.get(team + "/before.txt").body()).isEqualTo("while a member");
    }
}
