package org.kiste.nextcloud.upload;

import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.kiste.model.FilePath;
import org.kiste.model.Principal;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;
import org.kiste.testing.TestServer;

/** A Nextcloud client's side of chunked uploads, over the test WebDAV client: URLs under /remote.php/dav/uploads. */
final class UploadClient {
    final Dav dav;

    UploadClient(Dav dav) {
        this.dav = dav;
    }

    String uploads() {
        return dav.baseUrl + "/remote.php/dav/uploads/" + Dav.enc(dav.login);
    }

    String transfer(String id) {
        return uploads() + "/" + Dav.enc(id);
    }

    String chunk(String id, String name) {
        return transfer(id) + "/" + Dav.enc(name);
    }

    HttpResponse<String> mkcol(String id, String... headers) {
        return dav.send("MKCOL", transfer(id), null, headers);
    }

    HttpResponse<byte[]> put(String id, String name, byte[] body, String... headers) {
        return dav.sendBytes("PUT", chunk(id, name), body, headers);
    }

    /** {@code MOVE …/{id}/.file} with the given Destination (path or URL) and extra headers. */
    HttpResponse<String> assemble(String id, String destination, String... headers) {
        String[] h = new String[headers.length + 2];
        h[0] = "Destination";
        h[1] = destination;
        System.arraycopy(headers, 0, h, 2, headers.length);
        return dav.send("MOVE", chunk(id, ".file"), null, h);
    }

    HttpResponse<String> propfind(String url, String depth, String body) {
        return dav.send("PROPFIND", url, body, "Depth", depth, "Content-Type", "application/xml; charset=utf-8");
    }

    MultiStatus list(String id) {
        return MultiStatus.parse(propfind(transfer(id), "1", MultiStatus.propBody("resourcetype", "getcontentlength")));
    }

    /** The absolute path of a file in the user's tree, in the path form the desktop sends. */
    String filePath(String name) {
        return "/remote.php/dav/files/" + Dav.enc(dav.login) + "/" + Dav.encPath(name);
    }

    /** The account behind this client, as the files core sees it. */
    Principal principal(TestServer s) {
        return s.backend
                .authenticator()
                .authenticate(dav.login, "pw-" + dav.login)
                .orElseThrow();
    }

    /** {@code OC-FileId} of a file, read from the core. */
    String ocId(TestServer s, String path) {
        Principal p = principal(s);
        return s.backend
                .files()
                .ids()
                .ocId(s.backend.files().resolve(p, FilePath.parse(path)).id());
    }

    static String sha1(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code size} bytes that do not repeat, the same for the same seed. */
    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new java.util.Random(seed).nextBytes(data);
        return data;
    }

    /** The {@code quota-used-bytes} a folder reports: the usage of the space it lies in. */
    static long quotaUsed(Dav dav, String path) {
        return Long.parseLong(dav.props(path, "0", "quota-used-bytes").self().text("quota-used-bytes"));
    }
}
