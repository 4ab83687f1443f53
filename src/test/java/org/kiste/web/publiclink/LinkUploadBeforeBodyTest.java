package org.kiste.web.publiclink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kiste.model.Share;
import org.kiste.testing.Dav;
import org.kiste.testing.Links;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/**
 * A link's upload form is refused on its head, before its body is read: without the page's session and token, and
 * when its length does not fit the owner's room. The client sends only the head and a few KiB of a large body; the
 * answer comes anyway, and nothing waits in the spool directory (under the data directory).
 */
class LinkUploadBeforeBodyTest {
    private static final long BIG = 200L << 20;
    private final TestServer ts = TestServer.get();
    private final Links links = new Links(ts);

    @Test
    void aLargeFormWithoutSessionOrTokenIsRefusedBeforeItsBody() throws Exception {
        String owner = ts.newUser("lub");
        ts.dav(owner).mkcol("Drop");
        Share drop = links.create(owner, "/Drop", Links.DROP, null);
        String answer = postHeadOnly("/s/" + drop.token() + "/upload", null, BIG);
        assertThat(answer).startsWith("HTTP/1.1 403");
        assertThat(spooled()).isZero();
    }

    @Test
    void aFormLongerThanTheOwnersRoomIsRefusedBeforeItsBodyWithNothingStored() throws Exception {
        String owner = ts.newUser("luq");
        Dav dav = ts.dav(owner);
        dav.mkcol("Full");
        ts.users().setQuota(owner, 1 << 20);
        Thread.sleep(1100); // quota changes reach the files core within a second
        Share drop = links.create(owner, "/Full", Links.DROP, null);
        String page = get("/s/" + drop.token());
        Matcher cookie = Pattern.compile("(?i)set-cookie: ([^;\\r\\n]+)").matcher(page);
        Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(page);
        assertThat(cookie.find()).isTrue();
        assertThat(action.find()).isTrue();
        String target = action.group(1).replace("&amp;", "&");
        assertThat(target).contains("csrf=");
        String answer = postHeadOnly(target, cookie.group(1), BIG);
        assertThat(answer).startsWith("HTTP/1.1 507");
        assertThat(spooled()).isZero();
        assertThat(MultiStatus.parse(dav.propfind("Full/", "1", null)).paths()).hasSize(1);
    }

    private long spooled() throws IOException {
        Path spool = ts.dataDir.resolve("tmp").resolve("link-uploads");
        assertThat(spool).isDirectory();
        try (Stream<Path> files = Files.list(spool)) {
            return files.count();
        }
    }

    private String get(String target) throws IOException {
        try (Socket s = socket()) {
            s.getOutputStream()
                    .write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Sends the head of a multipart POST of {@code length} bytes and 8 KiB of it, then reads the status line. */
    private String postHeadOnly(String target, String cookie, long length) throws IOException {
        try (Socket s = socket()) {
            String head = "POST " + target + " HTTP/1.1\r\nHost: x\r\n"
                    + (cookie == null ? "" : "Cookie: " + cookie + "\r\n")
                    + "Content-Type: multipart/form-data; boundary=b0undary\r\nContent-Length: " + length + "\r\n\r\n";
            s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            try {
                s.getOutputStream()
                        .write(("--b0undary\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.bin\"\r\n"
                                        + "Content-Type: application/octet-stream\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().write(new byte[8192]);
            } catch (SocketException answeredAndClosed) {
                // the server may answer from the head alone and close before these bytes arrive; its answer is
                // still there to read
            }
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                int b = in.read();
                if (b < 0 || b == '\n') {
                    break;
                }
                line.append((char) b);
            }
            return line.toString().trim();
        }
    }

    private Socket socket() throws IOException {
        Socket s = new Socket("127.0.0.1", Integer.parseInt(ts.baseUrl.substring(ts.baseUrl.lastIndexOf(':') + 1)));
        s.setSoTimeout(10_000);
        return s;
    }
}
