package org.kiste;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kiste.audit.AuditLog;
import org.kiste.auth.AppPasswordAuthenticator;
import org.kiste.auth.AppPasswords;
import org.kiste.auth.Authenticator;
import org.kiste.auth.CompositeAuthenticator;
import org.kiste.auth.KnownAddresses;
import org.kiste.auth.LoginAttempts;
import org.kiste.auth.PasswordAuthenticator;
import org.kiste.auth.PasswordConfirmation;
import org.kiste.auth.PasswordHasher;
import org.kiste.auth.ThrottlePolicy;
import org.kiste.auth.Throttles;
import org.kiste.auth.UserPreferences;
import org.kiste.auth.UserService;
import org.kiste.blob.DiskBlobStore;
import org.kiste.blob.InlineBlobs;
import org.kiste.blob.PrivatePaths;
import org.kiste.cache.Invalidations;
import org.kiste.cache.LocalInvalidations;
import org.kiste.config.ConfigException;
import org.kiste.config.KisteConfig;
import org.kiste.config.Settings;
import org.kiste.files.ContentHook;
import org.kiste.files.FileIds;
import org.kiste.files.FilesService;
import org.kiste.files.LockService;
import org.kiste.files.PropertyLimits;
import org.kiste.groups.GroupService;
import org.kiste.share.MadeShares;
import org.kiste.share.PublicLinks;
import org.kiste.share.ShareMounts;
import org.kiste.share.ShareService;
import org.kiste.store.Database;
import org.kiste.store.DbEndpoint;
import org.kiste.store.EmbeddedDatabase;
import org.kiste.store.InstanceSettings;
import org.kiste.store.NodeRepository;
import org.kiste.teamfolders.TeamFolderService;
import org.kiste.uploads.ChunkedUploads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything behind the doors, opened from one configuration: the database (embedded or external, migrated),
 * the blob store, the files core and the account services. The server and the admin CLI both open one.
 */
public final class Backend implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Backend.class);

    private final KisteConfig config;
    private final DbEndpoint endpoint;
    private final EmbeddedDatabase embedded;
    private final Database db;
    private final DiskBlobStore blobs;
    private final NodeRepository nodes;
    private final FilesService files;
    private final LockService locks;
    private final UserService users;
    private final AppPasswords appPasswords;
    private final UserPreferences preferences;
    private final AuditLog audit;
    private final GroupService groups;
    private final TeamFolderService teamFolders;
    private final ShareService shares;
    private final PublicLinks links;
    private final Authenticator authenticator;
    private final PasswordAuthenticator passwords;
    private final Throttles throttles;
    private final KnownAddresses knownAddresses;
    private final LoginAttempts logins;
    private final LoginAttempts accountLogins;
    private final ChunkedUploads chunkedUploads;
    private final Invalidations invalidations = new LocalInvalidations();

    /** The composition root: every service is made here, once, from the ones below it. */
    private Backend(
            KisteConfig config,
            DbEndpoint endpoint,
            EmbeddedDatabase embedded,
            Database db,
            DiskBlobStore blobs,
            String epoch,
            FileIds ids) {
        this.config = config;
        this.endpoint = endpoint;
        this.embedded = embedded;
        this.db = db;
        this.blobs = blobs;
        this.nodes = new NodeRepository(() -> epoch);
        this.audit = new AuditLog(db);
        this.teamFolders = new TeamFolderService(db, nodes, audit, invalidations);
        ShareMounts shareMounts = new ShareMounts(db, nodes, teamFolders::mountsFor);
        this.files = new FilesService(
                db,
                blobs,
                nodes,
                ids,
                shareMounts,
                new MadeShares(db),
                ContentHook.NONE,
                invalidations,
                config.lockMaxTimeoutSeconds(),
                config.linkLockMaxTimeoutSeconds(),
                new PropertyLimits(config.propMaxValueBytes(), config.propMaxCount(), config.propMaxTotalBytes()),
                config.propfindInfinityMax());
        this.locks = files.locks();
        PasswordHasher hasher = new PasswordHasher(hashCost(config.settings()));
        this.passwords = new PasswordAuthenticator(db, invalidations, hasher);
        this.throttles = new Throttles(db, throttlePolicies(config.settings()), Clock.systemUTC());
        this.knownAddresses = new KnownAddresses(
                db,
                Duration.ofDays(Math.max(1, config.settings().getInt("throttle.known-days", 30))),
                Clock.systemUTC());
        this.accountLogins = new LoginAttempts(
                throttles, knownAddresses, (login, secret) -> Optional.empty(), passwords::remembered, passwords);
        PasswordConfirmation confirmation = new PasswordConfirmation(accountLogins);
        this.users = new UserService(db, nodes, invalidations, audit, confirmation, hasher);
        this.appPasswords = new AppPasswords(db, audit, confirmation);
        // app passwords first: their lookup is one indexed read, while a miss in the password authenticator costs
        // a bcrypt run
        this.preferences = new UserPreferences(db);
        AppPasswordAuthenticator appPasswordLogins = new AppPasswordAuthenticator(db, appPasswords);
        this.authenticator = new CompositeAuthenticator(List.of(appPasswordLogins, passwords));
        // a wrong app password falls through to the account password check, so it costs one bcrypt run as well
        this.logins = new LoginAttempts(throttles, knownAddresses, appPasswordLogins, passwords::remembered, passwords);
        this.groups = new GroupService(db, audit, invalidations);
        this.shares = new ShareService(db, files, audit, shareMounts, hasher);
        this.links = new PublicLinks(db, files);
        this.chunkedUploads = new ChunkedUploads(db, blobs, files);
    }

    /**
     * Opens the backend. With the embedded default, {@code attachIfRunning} lets the admin CLI use the database
     * of a running server instead of starting its own.
     */
    public static Backend open(KisteConfig config, boolean attachIfRunning) throws IOException {
        // the data directory and everything below it belong to the service user alone
        PrivatePaths.directory(config.dataDir());
        if (org.kiste.blob.RestoreMarker.present(config.blobDir())) {
            throw new org.kiste.config.ConfigException("a kiste backup restore into " + config.blobDir()
                    + " did not finish, so this data is incomplete: move the data directory (and, with an external"
                    + " database, its tables) aside and restore again");
        }
        EmbeddedDatabase embedded = null;
        DbEndpoint endpoint;
        if (config.dbUrl().isPresent()) {
            endpoint = new DbEndpoint(config.dbUrl().get(), config.dbUser(), config.dbPassword());
        } else {
            Optional<DbEndpoint> running =
                    attachIfRunning ? EmbeddedDatabase.attach(config.dataDir()) : Optional.empty();
            if (running.isPresent()) {
                endpoint = running.get();
            } else {
                embedded = EmbeddedDatabase.start(config.dataDir(), attachIfRunning ? 5_000 : 120_000);
                endpoint = embedded.endpoint();
            }
        }
        Database db = null;
        try {
            db = Database.open(endpoint, attachIfRunning ? 4 : config.dbPoolSize());
            db.migrate();
            DiskBlobStore blobs = new DiskBlobStore(config.blobDir(), inlineMax(config.settings()));
            InstanceSettings settings = new InstanceSettings(db);
            // the instance epoch mixed into folder etags; changing it (after a restore) changes every folder etag
            String epoch = settings.get("etag_epoch", Long.toString(System.currentTimeMillis() / 1000 % 46656, 36));
            FileIds ids = new FileIds(settings.get("instance_id", FileIds.newInstanceId()));
            return new Backend(config, endpoint, embedded, db, blobs, epoch, ids);
        } catch (RuntimeException | IOException e) {
            if (db != null) {
                db.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    public KisteConfig config() {
        return config;
    }

    public Database database() {
        return db;
    }

    /** Where the database is (the embedded one's loopback port and account, or the configured one). */
    public DbEndpoint endpoint() {
        return endpoint;
    }

    public DiskBlobStore blobs() {
        return blobs;
    }

    public FilesService files() {
        return files;
    }

    public LockService locks() {
        return locks;
    }

    public UserService users() {
        return users;
    }

    public AppPasswords appPasswords() {
        return appPasswords;
    }

    /** Per-user choices of the web pages, such as the language ({@link UserPreferences#language(long)}). */
    public UserPreferences preferences() {
        return preferences;
    }

    public AuditLog audit() {
        return audit;
    }

    public GroupService groups() {
        return groups;
    }

    public TeamFolderService teamFolders() {
        return teamFolders;
    }

    public ShareService shares() {
        return shares;
    }

    /** Public links as their visitors meet them. */
    public PublicLinks links() {
        return links;
    }

    /** Account and app passwords, unthrottled, for callers that are not doors (the doors use {@link #logins}). */
    public Authenticator authenticator() {
        return authenticator;
    }

    /** The password throttles of every door, and of Login Flow starts. */
    public Throttles throttles() {
        return throttles;
    }

    /** Addresses that logged in to an account recently. */
    public KnownAddresses knownAddresses() {
        return knownAddresses;
    }

    /** Logging in with an account password or an app password, throttled (WebDAV, OCS). */
    public LoginAttempts logins() {
        return logins;
    }

    /** Logging in with an account password only, throttled (the Login Flow form). */
    public LoginAttempts accountLogins() {
        return accountLogins;
    }

    /** The largest file kept in its blob row instead of a file, {@code blob.inline-max}. */
    private static int inlineMax(Settings s) {
        long max = s.getSize("blob.inline-max", 16L << 10);
        if (max < 0 || max > InlineBlobs.LIMIT) {
            throw new ConfigException("blob.inline-max (KISTE_BLOB_INLINE_MAX) must be from 0 to " + InlineBlobs.LIMIT
                    + " bytes, got " + max);
        }
        return (int) max;
    }

    /** The bcrypt cost of new password hashes, {@code password.hash-cost}. */
    private static int hashCost(Settings s) {
        int cost = s.getInt("password.hash-cost", PasswordHasher.DEFAULT_COST);
        if (cost < PasswordHasher.MIN_COST || cost > PasswordHasher.MAX_COST) {
            throw new ConfigException("password.hash-cost (KISTE_PASSWORD_HASH_COST) must be from "
                    + PasswordHasher.MIN_COST + " to " + PasswordHasher.MAX_COST + ", got " + cost);
        }
        return cost;
    }

    /**
     * The throttles' policies from {@code throttle.*}: free attempts and longest wait (seconds) per kind; keys are
     * forgotten after {@code throttle.forget-hours} without a counted attempt (Login Flow starts after an hour).
     * The first wait is a second, except for link passwords from one address: a link's password is often short,
     * and its real visitors come from other addresses, so the first wait there is a minute. A link's guesses from
     * all addresses together get more free attempts before they wait.
     */
    private static Map<Throttles.Kind, ThrottlePolicy> throttlePolicies(Settings s) {
        Duration forget = Duration.ofHours(Math.max(1, s.getInt("throttle.forget-hours", 24)));
        Map<Throttles.Kind, ThrottlePolicy> p = new EnumMap<>(Throttles.Kind.class);
        p.put(Throttles.Kind.ADDRESS, policy(s, "address", 10, 1, 3600, forget));
        p.put(Throttles.Kind.ACCOUNT, policy(s, "account", 5, 1, 600, forget));
        p.put(Throttles.Kind.LINK, policy(s, "link", 10, 60, 900, forget));
        p.put(Throttles.Kind.LINK_ALL, policy(s, "link-all", 30, 1, 600, forget));
        p.put(Throttles.Kind.FLOW_START, policy(s, "flow-start", 20, 1, 600, Duration.ofHours(1)));
        return p;
    }

    private static ThrottlePolicy policy(
            Settings s, String kind, int free, int firstWait, int maxWait, Duration forget) {
        int max = Math.max(1, s.getInt("throttle." + kind + ".max-wait", maxWait));
        return new ThrottlePolicy(
                Math.max(0, s.getInt("throttle." + kind + ".free", free)),
                Duration.ofSeconds(Math.min(firstWait, max)),
                Duration.ofSeconds(max),
                forget);
    }

    /** Nextcloud chunked uploads: transfers and their chunks, parked until assembled. */
    public ChunkedUploads chunkedUploads() {
        return chunkedUploads;
    }

    /** Where committed changes tell the caches what to forget. */
    public Invalidations invalidations() {
        return invalidations;
    }

    public boolean ownsEmbeddedDatabase() {
        return embedded != null;
    }

    @Override
    public void close() {
        db.close();
        if (embedded != null) {
            log.info("stopping the embedded MariaDB");
            embedded.close();
        }
    }
}
