package org.kiste.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Honours {@code Forwarded} / {@code X-Forwarded-*} only from configured proxy addresses; from anyone else
 * those headers could forge the scheme and host Kiste puts into links. Of an {@code X-Forwarded-For} list the
 * client is the rightmost address that is not a trusted proxy: a proxy appends the address it saw, and whatever
 * stands left of it came from the client, which could name any address (to escape the password throttles, or to
 * hold another address back).
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
            return forwarded.customize(withClientOnly(request), responseHeaders);
        }
        return request;
    }

    /** The request with its {@code X-Forwarded-For} reduced to the one address a trusted proxy vouches for. */
    private Request withClientOnly(Request request) {
        HttpFields headers = request.getHeaders();
        java.util.List<String> hops = new java.util.ArrayList<>();
        for (HttpField f : headers) {
            if (f.getHeader() == HttpHeader.X_FORWARDED_FOR) {
                for (String v : f.getValue().split(",")) {
                    if (!v.isBlank()) {
                        hops.add(v.trim());
                    }
                }
            }
        }
        if (hops.size() < 2) {
            return request;
        }
        String client = hops.get(0);
        for (int i = hops.size() - 1; i >= 0; i--) {
            client = hops.get(i);
            if (!trusted.contains(client)) {
                break;
            }
        }
        HttpFields.Mutable reduced = HttpFields.build(headers);
        reduced.put(HttpHeader.X_FORWARDED_FOR, client);
        return new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return reduced;
            }
        };
    }
}
