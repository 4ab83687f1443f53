package org.kiste.dav;

import io.milton.http.FileItem;
import io.milton.servlet.ServletRequest;
import jakarta.servlet.ServletContext;
import java.util.Map;

/**
 * Milton's request adapter carrying the exchange Kiste already resolved. It never parses bodies as form or
 * multipart data (Milton's default would consume or spool a PUT body): only the query string is read.
 */
public final class MiltonRequest extends ServletRequest {
    private final DavExchange exchange;

    public MiltonRequest(DavExchange exchange, ServletContext context) {
        super(exchange.req(), context);
        this.exchange = exchange;
    }

    public DavExchange exchange() {
        return exchange;
    }

    @Override
    public void parseRequestParameters(Map<String, String> params, Map<String, FileItem> files) {
        String qs = exchange.req().getQueryString();
        if (qs != null) {
            parseQueryString(params, qs);
        }
    }
}
