package org.kiste.share;

import java.security.SecureRandom;

/** Public link tokens: 15 random characters of [A-Za-z0-9] (about 89 bits), as Nextcloud makes them. */
final class LinkTokens {
    static final int LENGTH = 15;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private LinkTokens() {}

    static String next() {
        StringBuilder b = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
