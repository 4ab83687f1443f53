package org.kiste.nextcloud.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.Spaces;
import org.kiste.testing.TestServer;

/**
 * Near the quota the files of one bulk upload are decided in the order they were sent, also when an earlier file
 * commits while a later one is being received: X and W (earlier) are committing, X finishes during Y's body, and Y
 * must not take the room W needs.
 */
class BulkQuotaOrderRaceTest {
    private static final int UNIT = 4096;

    @Test
    void aFileCommittedDuringALaterOnesBodyStillCountsForIt() throws Exception {
        TestServer s = TestServer.get();
        String login = new Spaces(s).user("bqor", 10L * UNIT);
        Thread.sleep(1100); // quota changes reach the files core within a second
        Dav dav = s.dav(login);
        String x = "ordx-" + login + ".bin";
        String w = "ordw-" + login + ".bin";
        String y = "ordy-" + login + ".bin";
        assertThat(dav.sendBytes("PUT", dav.url(x), units(1, 'x')).statusCode()).isEqualTo(201);
        assertThat(dav.sendBytes("PUT", dav.url(w), units(1, 'w')).statusCode()).isEqualTo(201);
        byte[] body = new BulkBody()
                .file("/" + x, units(4, 'X')) // +3 units
                .file("/" + w, units(4, 'W')) // +3 units
                .file("/" + y, units(4, 'Y')) // +4 units: with X, only one of W and Y fits in the 10
                .close();
        int yStart = indexOf(body, ("X-File-Path: /" + y + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        int split = yStart + 200;

        // connections of their own to the server's database (the service's or the embedded one)
        HikariDataSource ds = (HikariDataSource) s.backend.database().dataSource();
        String url = ds.getJdbcUrl();
        try (Connection lockX = DriverManager.getConnection(url, ds.getUsername(), ds.getPassword());
                Connection lockW = DriverManager.getConnection(url, ds.getUsername(), ds.getPassword());
                Connection look = DriverManager.getConnection(url, ds.getUsername(), ds.getPassword())) {
            long idX = id(look, x);
            long idW = id(look, w);
            hold(lockX, idX);
            hold(lockW, idW);
            java.net.URI base = java.net.URI.create(s.baseUrl);
            try (Socket sock = new Socket(base.getHost(), base.getPort())) {
                sock.setSoTimeout(60_000);
                OutputStream out = sock.getOutputStream();
                String head = "POST /remote.php/dav/bulk HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                        + "Authorization: " + dav.authorization() + "\r\n"
                        + "Content-Type: " + BulkBody.TYPE + "\r\n"
                        + "Content-Length: " + body.length + "\r\n\r\n";
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, 0, split);
                out.flush();
                Thread.sleep(1500); // X and W queued and held; Y prepared (its room read), its body half in
                lockX.commit(); // X commits now, during Y's body
                for (int i = 0; i < 100 && size(look, idX) != 4 * UNIT; i++) {
                    Thread.sleep(50);
                }
                assertThat(size(look, idX)).isEqualTo(4 * UNIT);
                out.write(body, split, body.length - split);
                out.flush();
                boolean yStored = false;
                for (int i = 0; i < 60 && !yStored; i++) { // Y commits beside W (held) or waits for it
                    yStored = exists(look, y);
                    Thread.sleep(50);
                }
                System.out.println("Y stored while W was still committing: " + yStored);
                lockW.commit();
                InputStream in = sock.getInputStream();
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                CompletableFuture.runAsync(() -> {
                            try {
                                in.transferTo(all);
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        })
                        .get(60, TimeUnit.SECONDS);
                String text = all.toString(StandardCharsets.UTF_8);
                JsonNode a = new ObjectMapper().readTree(text.substring(text.indexOf("\r\n\r\n") + 4));
                System.out.println("answers: " + a);
                assertThat(a.get("/" + x).get("error").asBoolean()).isFalse();
                assertThat(a.get("/" + w).get("error").asBoolean())
                        .as("the earlier file W is refused while the later Y took its room: %s", a)
                        .isFalse();
                assertThat(a.get("/" + y).get("error").asBoolean()).isTrue();
            }
        }
    }

    private static byte[] units(int n, char c) {
        byte[] b = new byte[n * UNIT];
        Arrays.fill(b, (byte) c);
        return b;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i + needle.length;
        }
        throw new IllegalStateException("not found");
    }

    private static long id(Connection c, String name) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM node WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }

    private static boolean exists(Connection c, String name) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM node WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private static long size(Connection c, long id) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT size FROM node WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void hold(Connection c, long id) throws Exception {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM node WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, id);
            ps.executeQuery().close();
        }
    }
}
