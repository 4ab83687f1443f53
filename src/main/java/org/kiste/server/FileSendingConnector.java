package org.kiste.server;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.kiste.web.FileSendingEndPoint;

/** The plain port's connector: its sockets can send stored files by {@code sendfile} ({@link FileSendingEndPoint}). */
final class FileSendingConnector extends ServerConnector {
    FileSendingConnector(Server server, ConnectionFactory... factories) {
        super(server, factories);
    }

    @Override
    protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
        FileSendingEndPoint socket = new FileSendingEndPoint(channel, selector, key, getScheduler());
        socket.setIdleTimeout(getIdleTimeout());
        return socket;
    }
}
