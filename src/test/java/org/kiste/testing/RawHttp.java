package org.kiste.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, for request targets a URL library would normalise or refuse ({@code ..},
 * {@code %2e%2e}, {@code %00}): the target goes on the wire byte for byte.
 */
public final class RawHttp {
    public record Answer(int status, String head, String body) {}

    private RawHttp() {}

    /** Sends {@code method target} with optional extra header lines ("Name: value") and body. */
    public static Answer send(
            String baseUrl, String method, String target, String authorization, String body, String... headerLines) {
        return sendFrom(null, baseUrl, method, target, authorization, body, headerLines);
    }

    /** Like {@link #send}, from the local address {@code localAddress} (null: any), e.g. 127.0.0.2. */
    public static Answer sendFrom(
            String localAddress,
            String baseUrl,
            String method,
            String target,
            String authorization,
            String body,
            String... headerLines) {
        URI base = URI.create(baseUrl);
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder req = new StringBuilder();
        req.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        req.append("Host: ")
                .append(base.getHost())
                .append(':')
                .append(base.getPort())
                .append("\r\n");
        req.append("Connection: close\r\n");
        if (authorization != null) {
            req.append("Authorization: ").append(authorization).append("\r\n");
        }
        for (String h : headerLines) {
            req.append(h).append("\r\n");
        }
        req.append("Content-Length: ").append(payload.length).append("\r\n\r\n");
        return exchange(base, localAddress, method + " " + target, req.toString(), payload, false);
    }

    /**
     * Sends a body with {@code Transfer-Encoding: chunked}, one chunk per array, the way macOS Finder uploads; the
     * extra header lines may announce any length (e.g. {@code X-Expected-Entity-Length}) whatever the chunks hold.
     */
    public static Answer sendChunked(
            String baseUrl,
            String method,
            String target,
            String authorization,
            java.util.List<byte[]> chunks,
            String... headerLines) {
        URI base = URI.create(baseUrl);
        StringBuilder req = new StringBuilder();
        req.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        req.append("Host: ")
                .append(base.getHost())
                .append(':')
                .append(base.getPort())
                .append("\r\n");
        req.append("Connection: close\r\n");
        if (authorization != null) {
            req.append("Authorization: ").append(authorization).append("\r\n");
        }
        for (String h : headerLines) {
            req.append(h).append("\r\n");
        }
        req.append("Transfer-Encoding: chunked\r\n\r\n");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            if (chunk.length == 0) {
                continue; // a zero-length chunk would end the body
            }
            body.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(chunk);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return exchange(base, method + " " + target, req.toString(), body.toByteArray());
    }

    /**
     * Announces {@code announced} bytes but sends only {@code sent} and then closes its side of the connection, as a
     * client does that is killed or loses its network in the middle of an upload; returns what the server answered.
     */
    public static Answer sendCut(
            String baseUrl, String method, String target, String authorization, long announced, byte[] sent) {
        URI base = URI.create(baseUrl);
        String head = method + " " + target + " HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Connection: close\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: " + announced + "\r\n\r\n";
        return exchange(base, method + " " + target, head, sent, true);
    }

    private static Answer exchange(URI base, String what, String requestHead, byte[] payload) {
        return exchange(base, null, what, requestHead, payload, false);
    }

    private static Answer exchange(URI base, String what, String requestHead, byte[] payload, boolean cut) {
        return exchange(base, null, what, requestHead, payload, cut);
    }

    private static Answer exchange(
            URI base, String localAddress, String what, String requestHead, byte[] payload, boolean cut) {
        try (Socket sock = new Socket()) {
            if (localAddress != null) {
                sock.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName(localAddress), 0));
            }
            sock.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            sock.setSoTimeout(30_000);
            OutputStream out = sock.getOutputStream();
            out.write(requestHead.getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            if (cut) {
                sock.shutdownOutput();
            }
            InputStream in = sock.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String rest = end < 0 ? "" : text.substring(end + 4);
            String[] statusLine = head.split("\r\n", 2)[0].split(" ");
            return new Answer(Integer.parseInt(statusLine[1]), head, rest);
        } catch (IOException e) {
            throw new IllegalStateException(what + (localAddress == null ? "" : " from " + localAddress) + ": " + e, e);
        }
    }
}
