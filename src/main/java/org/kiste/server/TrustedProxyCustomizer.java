package org.kiste.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Honours {@code Forwarded} / {@code X-Forwarded-*} only from configured proxy addresses; from anyone else
 * those headers could forge the scheme and host Kiste puts into links.
 */
final class TrustedProxyCustomizer implements HttpConfiguration.Customizer {
    private final Set<String> trusted;
    private final ForwardedRequestCustomizer forwarded = new ForwardedRequestCustomizer();

    TrustedProxyCustomizer(Set<String> trusted) {
        this.trusted = trusted;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        if (remote instanceof InetSocketAddress in
                && in.getAddress() != null
                && trusted.contains(in.getAddress().getHostAddress())) {
            return forwarded.customize(request, responseHeaders);
        }
        return request;
    }
}
