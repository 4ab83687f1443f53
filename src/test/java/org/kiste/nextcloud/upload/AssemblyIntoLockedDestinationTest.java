package org.kiste.nextcloud.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.DavLocks;
import org.kiste.testing.TestServer;

/**
 * The uploads door answers a locked destination as the files tree does: 423 with the RFC 4918 §16
 * {@code lock-token-submitted} condition naming the lock root; with the token the assembly replaces the content
 * and the lock stays.
 */
class AssemblyIntoLockedDestinationTest {
    private static final TestServer s = TestServer.get();
    private static UploadClient up;

    @BeforeAll
    static void user() {
        up = new UploadClient(s.dav(s.newUser("uplock")));
    }

    private static void staged(String id, String content) {
        assertThat(up.mkcol(id).statusCode()).isEqualTo(201);
        assertThat(up.put(id, "1", content.getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(201);
    }

    @Test
    void aLockedFile() {
        Dav dav = up.dav.in("locked-file");
        assertThat(dav.put("doc.txt", "old").statusCode()).isEqualTo(201);
        String token = DavLocks.take(dav, "doc.txt", "0");
        staged("onto-locked", "new");

        HttpResponse<String> r = up.assemble("onto-locked", dav.url("doc.txt"));
        DavLocks.assertLockTokenSubmitted(r, Dav.decode(dav.home()) + "doc.txt");
        assertThat(dav.get("doc.txt").body()).isEqualTo("old");

        HttpResponse<String> withToken = up.assemble("onto-locked", dav.url("doc.txt"), "If", DavLocks.ifToken(token));
        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(204);
        assertThat(dav.get("doc.txt").body()).isEqualTo("new");
        assertThat(DavLocks.discovered(dav, "doc.txt"))
                .extracting(DavLocks.Active::token)
                .containsExactly(token);
    }

    @Test
    void aNewFileInALockedFolder() {
        Dav dav = up.dav.in("locked-folder");
        assertThat(dav.mkcol("dir").statusCode()).isEqualTo(201);
        DavLocks.take(dav, "dir", "infinity");
        staged("into-locked", "content");
        HttpResponse<String> r = up.assemble("into-locked", dav.url("dir/new.txt"));
        DavLocks.assertLockTokenSubmitted(r, Dav.decode(dav.home()) + "dir");
        assertThat(dav.get("dir/new.txt").statusCode()).isEqualTo(404);
    }
}
