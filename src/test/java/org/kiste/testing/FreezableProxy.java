package org.kiste.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback in front of a real server (the test database). Frozen, it stands in for a frozen
 * mariadbd (SIGSTOP): it accepts connections and relays nothing, either way, until thawed.
 */
public final class FreezableProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final String upstreamHost;
    private final int upstreamPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;
    private volatile boolean closed;

    public FreezableProxy(String upstreamHost, int upstreamPort) throws IOException {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A relay in front of the database that a JDBC URL ({@code jdbc:mariadb://host:port/db}) names. */
    public static FreezableProxy before(String jdbcUrl) throws IOException {
        java.net.URI db = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        return new FreezableProxy(db.getHost(), db.getPort());
    }

    /** {@code jdbcUrl} (the database this relay stands before) with this relay in its place. */
    public String relayed(String jdbcUrl) {
        java.net.URI db = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        return "jdbc:mariadb://127.0.0.1:" + port() + db.getPath();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public void freeze() {
        frozen = true;
    }

    public void thaw() {
        frozen = false;
    }

    /** Breaks every connection relayed so far (as a dropped TCP connection would); new ones are relayed again. */
    public void cutAll() {
        for (Socket s : open) {
            open.remove(s);
            close(s);
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                open.add(client);
                Thread t = new Thread(() -> relay(client), "proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try {
            while (frozen && !closed) {
                Thread.sleep(20); // a connection made while frozen is accepted and never answered until thawed
            }
            Socket server = new Socket(upstreamHost, upstreamPort);
            open.add(server);
            Thread back = new Thread(() -> pump(server, client), "proxy-back");
            back.setDaemon(true);
            back.start();
            pump(client, server);
        } catch (IOException | InterruptedException e) {
            close(client);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16384];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                while (frozen && !closed) {
                    Thread.sleep(20);
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // one side went: the other goes too
        } finally {
            close(from);
            close(to);
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        open.forEach(FreezableProxy::close);
    }
}
