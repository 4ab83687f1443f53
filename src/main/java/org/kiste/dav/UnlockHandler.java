package org.kiste.dav;

import java.io.IOException;
import org.kiste.model.ConflictException;

/** UNLOCK (RFC 4918 §9.11): releases the lock named by Lock-Token (with or without angle brackets); 204. */
public final class UnlockHandler extends DavHandler {

    @Override
    public String[] getMethods() {
        return new String[] {"UNLOCK"};
    }

    @Override
    protected void handle(DavExchange x, DavNode target) throws IOException {
        if (!(target instanceof TreeNode node)) {
            throw target.refused("UNLOCK");
        }
        String header = x.req().getHeader("Lock-Token");
        if (header == null || header.isBlank()) {
            DavErrors.send(x.resp(), 400, "UNLOCK needs a Lock-Token header");
            return;
        }
        String token = header.trim();
        if (token.startsWith("<") && token.endsWith(">")) {
            token = token.substring(1, token.length() - 1).trim();
        }
        try {
            x.locks().unlock(x.principal(), node.path(), token);
        } catch (ConflictException e) {
            // RFC 4918 §9.11.1: no lock with that token covers the Request-URI
            DavErrors.sendCondition(x.resp(), 409, "lock-token-matches-request-uri");
            return;
        }
        x.resp().setStatus(204);
    }
}
