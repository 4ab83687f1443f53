package org.kiste.dav;

import java.io.IOException;

/** UNLOCK (RFC 4918 §9.11): releases the lock named by Lock-Token (with or without angle brackets); 204. */
public final class UnlockHandler extends DavHandler {

    @Override
    public String[] getMethods() {
        return new String[] {"UNLOCK"};
    }

    @Override
    protected void handle(DavExchange x) throws IOException {
        String header = x.req().getHeader("Lock-Token");
        if (header == null || header.isBlank()) {
            DavErrors.send(x.resp(), 400, "UNLOCK needs a Lock-Token header");
            return;
        }
        String token = header.trim();
        if (token.startsWith("<") && token.endsWith(">")) {
            token = token.substring(1, token.length() - 1).trim();
        }
        x.locks().unlock(x.principal(), x.location().path(), token);
        x.resp().setStatus(204);
    }
}
