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
import org.kiste.model.FilePath;
import org.kiste.model.ForbiddenException;
import org.kiste.model.Principal;
import org.kiste.model.Refusal;
import org.kiste.store.AppPasswordRepository;
import org.kiste.store.Database;
import org.kiste.store.UserRepository;

/**
 * App passwords: one random secret per client (Nextcloud's shape, 72 characters of {@code [A-Za-z0-9]}), shown once
 * when created and stored only as its SHA-256. Revoking deletes the row; authenticators re-read rows often enough
 * that a revocation, also from the admin CLI in another process, applies within a second.
 */
public final class AppPasswords {
    public static final int LENGTH = 72;
    /** Longest client name kept (the column width); longer User-Agents are cut, longer chosen names refused. */
    public static final int MAX_NAME = 255;
    /** Most app passwords one account may have. */
    public static final int MAX_PER_USER = 200;

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Database db;
    private final AuditLog audit;
    private final PasswordConfirmation confirmation;
    private final AppPasswordRepository rows = new AppPasswordRepository();
    private final UserRepository users = new UserRepository();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong revocations = new AtomicLong();

    public AppPasswords(Database db, AuditLog audit, PasswordConfirmation confirmation) {
        this.db = db;
        this.audit = audit;
        this.confirmation = confirmation;
    }

    /** Creates an app password for the user and returns its secret; only its hash is stored. */
    public String create(long userId, String loginName, String name) {
        return insert(loginName, userId, loginName, clientName(name), "login");
    }

    /**
     * Nextcloud's exchange of a login for an app password (named after the client): only a principal that sent
     * its account password with this very request may do it, not an app password, a link or a web page's session.
     */
    public String exchange(Principal caller, String clientName) {
        if (!caller.byAccountPassword()) {
            throw new ForbiddenException("only a login with the account password can be exchanged for an app password");
        }
        return insert(caller.login(), caller.userId(), caller.login(), clientName(clientName), "login");
    }

    /**
     * An app password the caller names in the settings: it must not be logged in with an app password or be a
     * link's visitor, and must give its account password again (checked like a login, see
     * {@link PasswordConfirmation}), so that a web session alone does not breed credentials that outlive it.
     */
    public String create(Principal caller, String remoteAddr, String password, String name) {
        refuseAppPasswordLogin(caller);
        String label = chosenName(name);
        confirmation.confirm(caller, remoteAddr, password, "create an app password");
        return insert(caller.login(), caller.userId(), caller.login(), label, "settings");
    }

    private String insert(String actor, long userId, String loginName, String label, String via) {
        String secret = newSecret();
        byte[] hash = hash(secret);
        db.tx(c -> {
            // the account row is locked first, so that parallel creations cannot pass the cap together
            if (users.byIdForUpdate(c, userId) == null) {
                throw new ForbiddenException("the account no longer exists");
            }
            if (rows.countOf(c, userId) >= MAX_PER_USER) {
                throw new UserService.UserException(
                        Refusal.CONFLICT,
                        "an account can have at most " + MAX_PER_USER + " app passwords; revoke some first");
            }
            long id = rows.insert(c, userId, loginName, label, hash);
            audit.record(c, actor, "user.app-password-create", loginName, null, Map.of("id", id, "via", via));
            return id;
        });
        return secret;
    }

    /** App passwords are managed only after logging in with the account password (or through a web session). */
    private static void refuseAppPasswordLogin(Principal caller) {
        if (caller.byAppPassword() || caller.isLinkVisitor()) {
            throw new ForbiddenException(
                    "app passwords can only be managed after logging in with the account password");
        }
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
     * A revocation through the API, by the account itself or an administrator: refused to an app-password login
     * (a stolen app password must not lock the owner's other devices out).
     */
    public boolean revoke(Principal caller, long userId, String login, long id) {
        refuseAppPasswordLogin(caller);
        return revoke(caller.login(), userId, login, id);
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

    /** A name the user chose: 1 to {@value #MAX_NAME} characters, no control or direction characters. */
    static String chosenName(String name) {
        if (name == null || name.isBlank()) {
            throw new UserService.UserException("the name of the app password is missing");
        }
        String s = name.strip();
        if (s.length() > MAX_NAME) {
            throw new UserService.UserException("the name must have at most " + MAX_NAME + " characters");
        }
        if (FilePath.hasControlOrBidi(s)) {
            throw new UserService.UserException("the name must not contain control or text direction characters");
        }
        return s;
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
