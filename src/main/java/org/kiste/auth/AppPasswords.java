package org.kiste.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.kiste.audit.AuditLog;
import org.kiste.model.AppPassword;
import org.kiste.store.AppPasswordRepository;
import org.kiste.store.Database;

/**
 * App passwords: one random secret per client (Nextcloud's shape, 72 characters of {@code [A-Za-z0-9]}), shown once
 * when created and stored only as its SHA-256. Revoking deletes the row; authenticators re-read rows often enough
 * that a revocation, also from the admin CLI in another process, applies within a second.
 */
public final class AppPasswords {
    public static final int LENGTH = 72;
    /** Longest client name kept (the column width); longer User-Agents are cut. */
    public static final int MAX_NAME = 255;

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Database db;
    private final AuditLog audit;
    private final AppPasswordRepository rows = new AppPasswordRepository();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong revocations = new AtomicLong();

    public AppPasswords(Database db, AuditLog audit) {
        this.db = db;
        this.audit = audit;
    }

    /** Creates an app password for the user and returns its secret; only its hash is stored. */
    public String create(long userId, String loginName, String name) {
        String secret = newSecret();
        byte[] hash = hash(secret);
        String label = clientName(name);
        db.tx(c -> rows.insert(c, userId, loginName, label, hash));
        return secret;
    }

    public List<AppPassword> list(long userId) {
        return db.read(c -> rows.byUser(c, userId));
    }

    /** Deletes one of the user's app passwords; false when the user has none with that id. */
    public boolean revoke(long userId, long id) {
        boolean deleted = db.tx(c -> rows.delete(c, userId, id));
        revocations.incrementAndGet();
        return deleted;
    }

    /**
     * An administrator's revocation of one of {@code login}'s app passwords, recorded in the audit trail; false when
     * the user has none with that id (nothing is recorded then).
     */
    public boolean revoke(String actor, long userId, String login, long id) {
        boolean deleted = db.tx(c -> {
            boolean gone = rows.delete(c, userId, id);
            if (gone) {
                audit.record(c, actor, "user.app-password-revoke", login, null, Map.of("id", id));
            }
            return gone;
        });
        revocations.incrementAndGet();
        return deleted;
    }

    /** Changes with every revocation through this instance, so cached lookups can be dropped at once. */
    public long revocations() {
        return revocations.get();
    }

    /** The app password whose secret this is, read from the database (no cache). */
    public Optional<AppPassword> lookup(String secret) {
        if (!looksLikeSecret(secret)) {
            return Optional.empty();
        }
        byte[] hash = hash(secret);
        return Optional.ofNullable(db.read(c -> rows.byHash(c, hash)));
    }

    /** Records that the app password was used now, unless that was already recorded less than a minute ago. */
    public void touch(long id) {
        db.read(c -> {
            rows.touch(c, id);
            return null;
        });
    }

    /** True when {@code secret} has the shape of an app password (so looking it up can succeed at all). */
    public static boolean looksLikeSecret(String secret) {
        if (secret == null || secret.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char ch = secret.charAt(i);
            if (!(ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9')) {
                return false;
            }
        }
        return true;
    }

    private String newSecret() {
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(out);
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String clientName(String name) {
        if (name == null || name.isBlank()) {
            return "unknown client";
        }
        String s = name.strip();
        if (s.length() > MAX_NAME) {
            int end = MAX_NAME;
            if (Character.isHighSurrogate(s.charAt(end - 1))) {
                end--; // never cut a character in half
            }
            s = s.substring(0, end);
        }
        return s;
    }
}
