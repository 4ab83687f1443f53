package org.kiste.auth;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.kiste.audit.AuditLog;
import org.kiste.cache.Invalidations;
import org.kiste.config.Sizes;
import org.kiste.model.Account;
import org.kiste.model.FilePath;
import org.kiste.model.ForbiddenException;
import org.kiste.model.Principal;
import org.kiste.model.Refusal;
import org.kiste.store.AppPasswordRepository;
import org.kiste.store.Database;
import org.kiste.store.FavoriteRepository;
import org.kiste.store.GroupRepository;
import org.kiste.store.LockRepository;
import org.kiste.store.NodeRepository;
import org.kiste.store.ShareRepository;
import org.kiste.store.SpaceRepository;
import org.kiste.store.StoreException;
import org.kiste.store.UploadRepository;
import org.kiste.store.UserRepository;

/**
 * Account administration (the admin CLI, the admin API and first start): create, change password, disable, delete,
 * quota. Every change writes an audit event, naming its actor, in its transaction. The methods without an actor are
 * the command line's ({@link AuditLog#ADMIN_CLI}).
 */
public final class UserService {
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._@-]{0,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    /** The shortest password a user may choose through the API (the admin CLI is not limited). */
    public static final int MIN_PASSWORD_LENGTH = 8;
    /** The most accounts one page of the user list holds. */
    public static final int MAX_PAGE = 500;

    private static final String PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final Database db;
    private final NodeRepository nodes;
    private final UserRepository users = new UserRepository();
    private final SpaceRepository spaces = new SpaceRepository();
    private final AppPasswordRepository appPasswords = new AppPasswordRepository();
    private final GroupRepository groupRows = new GroupRepository();
    private final ShareRepository shareRows = new ShareRepository();
    private final FavoriteRepository favoriteRows;
    private final UploadRepository uploadRows = new UploadRepository();
    private final LockRepository lockRows = new LockRepository();
    private final PasswordHasher hasher;

    private final Invalidations invalidations;
    private final AuditLog audit;
    private final PasswordConfirmation confirmation;

    public UserService(
            Database db,
            NodeRepository nodes,
            Invalidations invalidations,
            AuditLog audit,
            PasswordConfirmation confirmation,
            PasswordHasher hasher) {
        this.confirmation = confirmation;
        this.hasher = hasher;
        this.invalidations = invalidations;
        this.audit = audit;
        this.db = db;
        this.nodes = nodes;
        this.favoriteRows = new FavoriteRepository(nodes.epoch());
    }

    /** Thrown for input the operator must fix; the message says what. */
    public static final class UserException extends RuntimeException {
        private final Refusal refusal;

        public UserException(String message) {
            this(Refusal.INVALID, message);
        }

        public UserException(Refusal refusal, String message) {
            super(message);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    public Account add(String login, String password, boolean admin, String displayName, String email, long quota) {
        return add(AuditLog.ADMIN_CLI, login, password, admin, displayName, email, quota);
    }

    public Account add(
            String actor, String login, String password, boolean admin, String displayName, String email, long quota) {
        if (login == null) {
            throw new UserException("the user name is missing");
        }
        if (!LOGIN.matcher(login).matches()) {
            throw new UserException(
                    "invalid user name '" + login + "': use 1-64 letters, digits, '.', '_', '-' or '@'");
        }
        String shown = displayName == null || displayName.isBlank() ? login : displayName(displayName);
        String address = email(email);
        String hash = hash(password);
        long now = System.currentTimeMillis();
        try {
            return db.tx(c -> {
                if (users.byLogin(c, login) != null) {
                    throw new UserException(Refusal.CONFLICT, "user '" + login + "' already exists");
                }
                long id = users.insert(c, login, shown, address, hash, admin, quota);
                SpaceRepository.Space home = spaces.create(c, SpaceRepository.HOME, id, login, quota, nodes, now);
                users.setHomeSpace(c, id, home.id());
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("quota", Sizes.format(quota));
                if (admin) {
                    detail.put("admin", true);
                }
                audit.record(c, actor, "user.add", login, null, detail);
                return users.byLogin(c, login);
            });
        } catch (StoreException e) {
            if (e.isDuplicateKey()) {
                throw new UserException(Refusal.CONFLICT, "user '" + login + "' already exists");
            }
            throw e;
        }
    }

    /** An account made by an administrator through the API (see {@link AdminActions}). */
    public Account add(Principal actor, String login, String password, String displayName, String email, long quota) {
        AdminActions.requireAccountLogin(actor);
        return add(actor.login(), login, password, false, displayName, email, quota);
    }

    public Optional<Account> find(String login) {
        return Optional.ofNullable(db.read(c -> users.byLogin(c, login)));
    }

    public List<Account> list() {
        return db.read(users::all);
    }

    /**
     * One page of the accounts whose login, display name or e-mail contains {@code search} (any case), by login:
     * from {@code offset}, at most {@code limit} and never more than {@value #MAX_PAGE}.
     */
    public List<Account> page(String search, int offset, int limit) {
        String needle = search == null ? "" : search.strip();
        int n = Math.max(0, Math.min(limit, MAX_PAGE));
        return db.read(c -> users.page(c, needle, Math.max(0, offset), n));
    }

    /** The group names of each of these accounts (absent: none), read at once. */
    public Map<Long, List<String>> groupNames(List<Account> accounts) {
        List<Long> ids = accounts.stream().map(Account::id).toList();
        return db.read(c -> groupRows.namesOfUsers(c, ids));
    }

    public void setPassword(String login, String password) {
        setPassword(AuditLog.ADMIN_CLI, login, password);
    }

    public void setPassword(String actor, String login, String password) {
        String hash = hash(password);
        if (!db.tx(c -> record(c, actor, "user.password", login, users.setPassword(c, login, hash)))) {
            throw new UserException(Refusal.NOT_FOUND, "no such user '" + login + "'");
        }
        invalidations.publish(Invalidations.Topic.ACCOUNT, 0);
    }

    /**
     * A password change through the API, by the account itself or by an admin. Only a principal that logged in
     * with its account password may do it (an app password, also one made by Login Flow, may not: a stolen one
     * must not become the account), and it must give that password again as {@code currentPassword} — its own,
     * also when an admin sets another account's. The new one has at least {@value #MIN_PASSWORD_LENGTH}
     * characters. App passwords are separate credentials and keep working; revoke them to lock a device out.
     *
     * @throws ForbiddenException when the caller used an app password or a link, or the current password is wrong
     */
    public void changePassword(
            Principal caller, String remoteAddr, String login, String currentPassword, String password) {
        if (caller.isLinkVisitor() || caller.byAppPassword()) {
            throw new ForbiddenException("the password can only be changed after logging in with the account password");
        }
        if (!caller.admin() && !caller.login().equals(login)) {
            throw new ForbiddenException("not allowed to change this password");
        }
        if (currentPassword == null || currentPassword.isEmpty()) {
            throw new ForbiddenException("the current password is needed to change the password");
        }
        checkApiPassword(password);
        // the slow checks (bcrypt) run before the transaction, so that no connection or row lock waits on them
        Account seen = db.read(c -> users.byId(c, caller.userId()));
        if (seen == null || !seen.enabled()) {
            throw new ForbiddenException("the current password is wrong");
        }
        // checked like a login: wrong guesses are counted and held back per address and per account
        try {
            confirmation.confirm(caller, remoteAddr, currentPassword, "change the password");
        } catch (ForbiddenException e) {
            throw new ForbiddenException("the current password is wrong");
        }
        String hash = hash(password);
        boolean changed = db.tx(c -> {
            // the caller's row is locked first: the password verified above must still be the caller's
            Account self = users.byIdForUpdate(c, caller.userId());
            if (self == null
                    || !self.enabled()
                    || !java.util.Objects.equals(self.passwordHash(), seen.passwordHash())) {
                throw new ForbiddenException("the current password is wrong");
            }
            return record(c, caller.login(), "user.password", login, users.setPassword(c, login, hash));
        });
        if (!changed) {
            throw new UserException(Refusal.NOT_FOUND, "no such user '" + login + "'");
        }
        invalidations.publish(Invalidations.Topic.ACCOUNT, 0);
    }

    /** The rule for passwords chosen through the API: at least {@value #MIN_PASSWORD_LENGTH} characters. */
    public static void checkApiPassword(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
            throw new UserException("the password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
    }

    public void setDisplayName(String login, String displayName) {
        setDisplayName(AuditLog.ADMIN_CLI, login, displayName);
    }

    public void setDisplayName(String actor, String login, String displayName) {
        String name = displayName(displayName);
        if (!db.tx(c -> record(c, actor, "user.display-name", login, users.setDisplayName(c, login, name)))) {
            throw new UserException(Refusal.NOT_FOUND, "no such user '" + login + "'");
        }
    }

    /** Sets or (with an empty value) clears the e-mail address. */
    public void setEmail(String login, String email) {
        setEmail(AuditLog.ADMIN_CLI, login, email);
    }

    /** Sets or (with an empty value) clears the e-mail address; the audit event does not repeat the address. */
    public void setEmail(String actor, String login, String email) {
        String value = email(email);
        if (!db.tx(c -> record(c, actor, "user.email", login, users.setEmail(c, login, value)))) {
            throw new UserException(Refusal.NOT_FOUND, "no such user '" + login + "'");
        }
    }

    /**
     * Enables or disables an account. Disabling also releases the WebDAV locks it holds and those taken through
     * its links (which stop serving while it is disabled), so nothing it left locked stays locked.
     */
    public void setEnabled(String login, boolean enabled) {
        setEnabled(AuditLog.ADMIN_CLI, login, enabled);
    }

    /** Enabling or disabling through the API (see {@link AdminActions}): never oneself, never the last admin. */
    public void setEnabled(Principal actor, String login, boolean enabled) {
        AdminActions.requireAccountLogin(actor);
        AdminActions.notSelf(actor, login, enabled ? "enable" : "disable");
        setEnabled(actor.login(), login, enabled);
    }

    public void setEnabled(String actor, String login, boolean enabled) {
        boolean found = db.tx(c -> {
            if (!enabled) {
                AdminActions.lockKeepingAnAdmin(c, users, login, "disabled");
            }
            if (!users.setEnabled(c, login, enabled)) {
                return false;
            }
            audit.record(c, actor, enabled ? "user.enable" : "user.disable", login, null, Map.of());
            if (!enabled) {
                Account a = users.byLogin(c, login);
                lockRows.deleteHeldBy(c, a.id());
                lockRows.deleteHeldByLinksOf(c, a.id());
            }
            return true;
        });
        if (!found) {
            throw new UserException(Refusal.NOT_FOUND, "no such user '" + login + "'");
        }
        invalidations.publish(Invalidations.Topic.ACCOUNT, 0);
    }

    public void setQuota(String login, long quota) {
        setQuota(AuditLog.ADMIN_CLI, login, quota);
    }

    /** A quota set through the API: only an administrator sets quotas, also their own. */
    public void setQuota(Principal actor, String login, long quota) {
        if (!actor.admin() || actor.isLinkVisitor()) {
            throw new ForbiddenException("only an administrator sets quotas");
        }
        setQuota(actor.login(), login, quota);
    }

    /** @param quota bytes, or -1 for none */
    public void setQuota(String actor, String login, long quota) {
        if (quota < Sizes.UNLIMITED) {
            throw new UserException("a quota is a size of 0 bytes or more, or none");
        }
        Account a = db.tx(c -> {
            Account row = existing(c, login);
            users.setQuota(c, row.id(), quota);
            spaces.setQuota(c, row.homeSpaceId(), quota);
            audit.record(
                    c,
                    actor,
                    "user.quota",
                    login,
                    null,
                    Map.of("quota", Sizes.format(quota), "previous", Sizes.format(row.quotaBytes())));
            return row;
        });
        invalidations.publish(Invalidations.Topic.SPACE_ROW, a.homeSpaceId());
    }

    /**
     * Removes the account, its app passwords, group memberships and direct grants, its home (every node, property
     * and journal row, and the shares and links of its items), the shares it made or received elsewhere and its
     * favourite marks. Blob bytes go to GC.
     */
    public void delete(String login) {
        delete(AuditLog.ADMIN_CLI, login);
    }

    /** Deleting through the API (see {@link AdminActions}): never oneself, never the last admin. */
    public void delete(Principal actor, String login) {
        AdminActions.requireAccountLogin(actor);
        AdminActions.notSelf(actor, login, "delete");
        delete(actor.login(), login);
    }

    public void delete(String actor, String login) {
        db.tx(c -> {
            // the account's row is locked first, and with the administrators' rows: the last one stays
            Account a = AdminActions.lockKeepingAnAdmin(c, users, login, "deleted");
            audit.record(c, actor, "user.delete", login, null, Map.of());
            if (a.homeSpaceId() != 0) {
                spaces.purge(c, a.homeSpaceId());
            }
            appPasswords.deleteAllOf(c, a.id());
            lockRows.deleteHeldBy(c, a.id());
            lockRows.deleteHeldByLinksOf(c, a.id());
            groupRows.forgetUser(c, a.id());
            shareRows.forgetUser(c, a.id());
            favoriteRows.forgetUser(c, a.id());
            uploadRows.deleteAllOf(c, a.id());
            users.delete(c, a.id());
            return null;
        });
        invalidations.publish(Invalidations.Topic.ACCOUNT, 0);
        invalidations.publish(Invalidations.Topic.MOUNTS, 0);
    }

    /**
     * Creates the {@code admin} account on first start. Returns the generated password when none was configured,
     * so it can be printed exactly once.
     */
    public Optional<String> ensureAdmin(Optional<String> configuredPassword) {
        if (find("admin").isPresent()) {
            return Optional.empty();
        }
        String pw = configuredPassword.orElseGet(UserService::randomPassword);
        try {
            add(AuditLog.FIRST_START, "admin", pw, true, "Administrator", null, -1);
        } catch (UserException e) {
            return Optional.empty(); // created concurrently by another process
        }
        return configuredPassword.isPresent() ? Optional.empty() : Optional.of(pw);
    }

    private static String displayName(String displayName) {
        String name = displayName == null ? "" : displayName.strip();
        if (name.isEmpty() || name.length() > 255) {
            throw new UserException("the display name must have 1 to 255 characters");
        }
        if (FilePath.hasControlOrBidi(name)) {
            throw new UserException("the display name must not contain control or text direction characters");
        }
        return name;
    }

    /** The address, or null for none (an empty value). */
    private static String email(String email) {
        String value = email == null || email.isBlank() ? null : email.strip();
        if (value != null && (value.length() > 255 || !EMAIL.matcher(value).matches())) {
            throw new UserException("'" + value + "' is not an e-mail address");
        }
        return value;
    }

    /** Records the change when it found its account; returns {@code changed} either way. */
    private boolean record(java.sql.Connection c, String actor, String action, String login, boolean changed)
            throws java.sql.SQLException {
        if (changed) {
            audit.record(c, actor, action, login, null, Map.of());
        }
        return changed;
    }

    /** The account a change decides on, locked until the change commits. */
    private Account existing(java.sql.Connection c, String login) throws java.sql.SQLException {
        Account a = users.byLogin(c, login);
        Account locked = a == null ? null : users.byIdForUpdate(c, a.id());
        if (locked == null) {
            throw new UserException(Refusal.NOT_FOUND, "no such user '" + login + "'");
        }
        return locked;
    }

    public static String randomPassword() {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                sb.append('-');
            }
            sb.append(PASSWORD_ALPHABET.charAt(r.nextInt(PASSWORD_ALPHABET.length())));
        }
        return sb.toString();
    }

    private String hash(String password) {
        try {
            return hasher.hash(password);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }
}
