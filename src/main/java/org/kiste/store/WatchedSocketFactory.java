package org.kiste.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.SocketFactory;

/**
 * The sockets of the pool's connections (Connector/J's {@code socketFactory}), kept so that {@link DatabaseWatch}
 * can close them when the database stops answering: a thread blocked reading from a frozen server is released at
 * once, where the driver's own abort first tries to send {@code KILL} to that same server and waits.
 */
public final class WatchedSocketFactory extends SocketFactory {
    private static final Set<Socket> OPEN = ConcurrentHashMap.newKeySet();

    public WatchedSocketFactory() {
        // instantiated by the driver
    }

    @Override
    public Socket createSocket() {
        Socket s = new Socket() {
            @Override
            public synchronized void close() throws IOException {
                OPEN.remove(this);
                super.close();
            }
        };
        OPEN.add(s);
        return s;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port));
    }

    private Socket connected(InetSocketAddress to) throws IOException {
        Socket s = createSocket();
        s.connect(to);
        return s;
    }

    /** Closes every open socket connected to {@code port}; returns how many. */
    static int closeTo(int port) {
        int n = 0;
        for (Socket s : OPEN) {
            if (s.getPort() == port) {
                try {
                    s.close();
                    n++;
                } catch (IOException ignored) {
                    // closed already
                }
            }
        }
        return n;
    }
}
