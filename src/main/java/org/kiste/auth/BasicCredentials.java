package org.kiste.auth;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** An HTTP Basic credential (RFC 7617), decoded as UTF-8; anything malformed is simply no credential. */
public record BasicCredentials(String user, String password) {

    public static Optional<BasicCredentials> parse(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String s;
        try {
            s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            s = new String(raw, StandardCharsets.ISO_8859_1); // legacy clients send Latin-1
        }
        int colon = s.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String user = s.substring(0, colon);
        // Windows' WebDAV client may send the user as DOMAIN, a backslash (sometimes two), then the account name
        int backslash = user.lastIndexOf('\\');
        if (backslash >= 0) {
            user = user.substring(backslash + 1);
        }
        return Optional.of(new BasicCredentials(user, s.substring(colon + 1)));
    }
}
