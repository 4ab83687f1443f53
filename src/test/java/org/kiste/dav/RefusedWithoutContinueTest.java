package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.kiste.audit.AuditLog;
import org.kiste.model.Role;
import org.kiste.model.Subject;
import org.kiste.testing.Dav;
import org.kiste.testing.OcsShares;
import org.kiste.testing.Spaces;
import org.kiste.testing.TestServer;

/**
 * A PUT refused on its head gets its final status first, never {@code 100 Continue}: a client that waits for the
 * 100 before it sends its body (RFC 9110 §10.1.1) sends none. Refused with 403 (a read-only share, a viewer's team
 * folder), 413 (an XML body announced over the cap) and 507 (a length over the quota).
 */
class RefusedWithoutContinueTest {
    private static final long MIB = 1 << 20;
    private final TestServer s = TestServer.get();
    private final Spaces spaces = new Spaces(s);

    @Test
    void aPutIntoAReadOnlyShareGets403WithoutContinue() throws Exception {
        String sharer = spaces.user("ncs", 10 * MIB);
        String recipient = spaces.user("ncr", 10 * MIB);
        Dav owner = s.dav(sharer);
        assertThat(owner.mkcol("ReadOnly").statusCode()).isEqualTo(201);
        new OcsShares(owner).create("/ReadOnly", OcsShares.USER, recipient, 1);
        assertThat(s.dav(recipient).propfind("ReadOnly/", "0", null).statusCode())
                .as("the share is mounted")
                .isEqualTo(207);
        assertThat(firstStatus("PUT", recipient, "ReadOnly/new.bin", 100 * MIB)).isEqualTo(403);
    }

    @Test
    void aPutIntoAViewersTeamFolderGets403WithoutContinue() throws Exception {
        String viewer = spaces.user("ncv", 10 * MIB);
        String team = spaces.teamFolder(10 * MIB);
        s.backend.teamFolders().grant(AuditLog.ADMIN_CLI, team, Subject.Type.USER, viewer, Role.VIEWER);
        assertThat(firstStatus("PUT", viewer, Dav.enc(team) + "/new.bin", 100 * MIB))
                .isEqualTo(403);
    }

    @Test
    void aPutOverTheQuotaGets507WithoutContinue() throws Exception {
        String user = spaces.user("ncq", MIB);
        assertThat(firstStatus("PUT", user, "big.bin", 100 * MIB)).isEqualTo(507);
    }

    @Test
    void anXmlBodyAnnouncedOverTheCapGets413WithoutContinue() throws Exception {
        String user = spaces.user("ncx", MIB);
        assertThat(firstStatus("PROPFIND", user, "", 100 * MIB)).isEqualTo(413);
    }

    /** The status of the first answer to a request announcing {@code length} bytes behind Expect: 100-continue. */
    private int firstStatus(String method, String login, String encodedPath, long length) throws IOException {
        int port = Integer.parseInt(s.baseUrl.substring(s.baseUrl.lastIndexOf(':') + 1));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String head = method + " /remote.php/dav/files/" + login + "/" + encodedPath + " HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: " + s.dav(login).authorization() + "\r\n"
                    + "Content-Type: application/xml\r\nContent-Length: " + length + "\r\n"
                    + "Depth: 0\r\nExpect: 100-continue\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                int b = in.read();
                if (b < 0 || b == '\n') {
                    break;
                }
                line.append((char) b);
            }
            String status = line.toString().trim();
            assertThat(status).startsWith("HTTP/1.1 ");
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}
