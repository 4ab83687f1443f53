package org.kiste.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt (cost 11 unless told otherwise) over the UTF-8 bytes of a password. Slow on purpose: callers cache verified
 * credentials. The cost is that of new hashes; a hash is verified at the cost it was made with.
 */
public final class PasswordHasher {
    public static final int DEFAULT_COST = 11;
    /** The smallest cost bcrypt takes. */
    public static final int MIN_COST = 4;
    /** The largest cost bcrypt takes. */
    public static final int MAX_COST = 31;
    /** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently truncated. */
    public static final int MAX_BYTES = 72;

    private final int cost;
    private volatile String dummyHash;

    public PasswordHasher() {
        this(DEFAULT_COST);
    }

    public PasswordHasher(int cost) {
        if (cost < MIN_COST || cost > MAX_COST) {
            throw new IllegalArgumentException("bcrypt cost " + cost + " is not within " + MIN_COST + "-" + MAX_COST);
        }
        this.cost = cost;
    }

    public String hash(String password) {
        byte[] pw = bytes(password);
        return new String(BCrypt.withDefaults().hash(cost, pw), StandardCharsets.US_ASCII);
    }

    public boolean verify(String password, String hash) {
        if (hash == null || hash.isEmpty()) {
            return false;
        }
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        if (pw.length > MAX_BYTES) {
            return false;
        }
        return BCrypt.verifyer().verify(pw, hash.getBytes(StandardCharsets.US_ASCII)).verified;
    }

    /**
     * Runs one verification of the same cost as {@link #verify} against a hash no password matches, so a refusal
     * for an unknown or disabled account takes as long as one for a wrong password.
     */
    public void verifyNothing(String password) {
        verify(password, dummyHash());
    }

    private String dummyHash() {
        if (cost == DEFAULT_COST) {
            return Dummy.HASH;
        }
        String h = dummyHash;
        if (h == null) {
            h = hash(RandomTokens.alphanumeric(32));
            dummyHash = h;
        }
        return h;
    }

    /** A hash of random bytes, made when first needed. */
    private static final class Dummy {
        static final String HASH = new PasswordHasher().hash(RandomTokens.alphanumeric(32));
    }

    private static byte[] bytes(String password) {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        if (pw.length > MAX_BYTES) {
            throw new IllegalArgumentException("password is longer than " + MAX_BYTES + " bytes");
        }
        if (pw.length == 0) {
            throw new IllegalArgumentException("password is empty");
        }
        return pw;
    }
}
