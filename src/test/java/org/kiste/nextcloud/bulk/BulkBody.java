package org.kiste.nextcloud.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.kiste.testing.Dav;

/** A bulk upload body as the Nextcloud desktop client writes it (quoted boundary, one part per file). */
final class BulkBody {
    static final String BOUNDARY = "boundary_kiste_0123456789";
    static final String TYPE = "multipart/related; boundary=\"" + BOUNDARY + "\"";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A file part with its true length and MD5, mtime 1600000000. */
    BulkBody file(String path, byte[] content) {
        return part(
                content,
                "Content-Length: " + content.length,
                "X-File-MD5: " + md5(content),
                "X-File-Mtime: 1600000000",
                "X-File-Path: " + path);
    }

    BulkBody file(String path, String content) {
        return file(path, content.getBytes(StandardCharsets.UTF_8));
    }

    /** A part with exactly these header lines and content. */
    BulkBody part(byte[] content, String... headerLines) {
        ascii("--" + BOUNDARY + "\r\n");
        ascii("Content-Type: application/octet-stream\r\n");
        for (String h : headerLines) {
            out.writeBytes((h + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        ascii("\r\n");
        out.writeBytes(content);
        ascii("\r\n");
        return this;
    }

    /** The body so far without its closing boundary. */
    byte[] open() {
        return out.toByteArray();
    }

    /** The whole body. */
    byte[] close() {
        ascii("--" + BOUNDARY + "--\r\n");
        return out.toByteArray();
    }

    private void ascii(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<byte[]> post(Dav dav, byte[] body) {
        return dav.sendBytes("POST", dav.at("/remote.php/dav/bulk"), body, "Content-Type", TYPE);
    }

    static JsonNode json(HttpResponse<byte[]> r) {
        try {
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(new String(r.body(), StandardCharsets.UTF_8), e);
        }
    }
}
