package org.kiste.auth;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.kiste.model.LoginFlow;
import org.kiste.model.Principal;
import org.kiste.store.Database;
import org.kiste.store.LoginFlowRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nextcloud Login Flow v2: a client starts a flow and polls with the poll token; the user opens the login token's
 * page in a browser, logs in with the account password and grants access; the next poll hands the client a new
 * app password exactly once. Flows and the browser sessions bound to them live in the database, so any server
 * process can serve any step.
 */
public final class LoginFlows {
    private static final Logger log = LoggerFactory.getLogger(LoginFlows.class);
    public static final int TOKEN_LENGTH = 128;
    /** A granted flow stays pollable at least this long, even when it was granted just before it expired. */
    private static final Duration POLL_GRACE = Duration.ofMinutes(2);

    private static final int PURGE_BATCH = 100;
    /** Password attempts one flow gets; then it is closed for good (the throttles limit across flows). */
    public static final int LOGIN_ATTEMPTS = 5;

    /** Creates the app password a grant hands out: {@code (userId, loginName, clientName) -> plaintext}. */
    @FunctionalInterface
    public interface AppPasswordIssuer {
        String issue(long userId, String loginName, String name);
    }

    public record Started(String pollToken, String loginToken) {}

    public record Granted(String loginName, String appPassword) {}

    private final Database db;
    private final LoginFlowRepository flows = new LoginFlowRepository();
    private final AppPasswordIssuer issuer;
    private final Throttles throttles;
    private final Clock clock;
    private final Duration ttl;

    public LoginFlows(Database db, AppPasswordIssuer issuer, Throttles throttles, Clock clock, Duration ttl) {
        this.db = db;
        this.issuer = issuer;
        this.throttles = throttles;
        this.clock = clock;
        this.ttl = ttl;
    }

    /**
     * Starts a flow for the client named {@code clientName}, asked from {@code remoteAddr}; expired flows are
     * cleared on the way.
     *
     * @throws TooManyAttempts when that address has started too many flows lately
     */
    public Started start(String clientName, String remoteAddr) {
        throttles.count(List.of(Throttles.Key.flowStart(ClientAddress.of(remoteAddr))));
        String poll = RandomTokens.alphanumeric(TOKEN_LENGTH);
        String login = RandomTokens.alphanumeric(TOKEN_LENGTH);
        LoginFlowSeal.FlowKeys keys = LoginFlowSeal.newFlowKeys(poll);
        long now = clock.millis();
        db.tx(c -> {
            flows.purgeExpired(c, now, PURGE_BATCH);
            return flows.insert(
                    c,
                    RandomTokens.sha256(poll),
                    RandomTokens.sha256(login),
                    clientName,
                    keys.publicKey(),
                    keys.sealedPrivateKey(),
                    now,
                    now + ttl.toMillis());
        });
        return new Started(poll, login);
    }

    /**
     * The client's poll: empty until the flow is granted; then, once, the login name and app password, and the
     * flow (with the sealed app password) is deleted.
     */
    public Optional<Granted> poll(String pollToken) {
        if (!RandomTokens.wellFormed(pollToken, TOKEN_LENGTH)) {
            return Optional.empty();
        }
        LoginFlow flow = db.tx(c -> {
            LoginFlow f = flows.byPollHashForUpdate(c, RandomTokens.sha256(pollToken), clock.millis());
            if (f == null || !LoginFlow.GRANTED.equals(f.state())) {
                return null;
            }
            flows.delete(c, f.id());
            return f;
        });
        if (flow == null) {
            return Optional.empty();
        }
        try {
            String password =
                    LoginFlowSeal.open(pollToken, flow.publicKey(), flow.sealedPrivateKey(), flow.sealedAppPassword());
            return Optional.of(new Granted(flow.loginName(), password));
        } catch (GeneralSecurityException e) {
            // only a row changed behind Kiste's back gets here: the app password is lost, the user starts again
            log.warn("login flow {}: the sealed app password does not open: {}", flow.id(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The unexpired flow of a login token, in any state. */
    public Optional<LoginFlow> find(String loginToken) {
        if (!RandomTokens.wellFormed(loginToken, TOKEN_LENGTH)) {
            return Optional.empty();
        }
        return Optional.ofNullable(db.read(c -> flows.byLoginHash(c, RandomTokens.sha256(loginToken), clock.millis())));
    }

    /** Binds a new browser session to a flow nobody has logged in to yet. */
    public boolean bindSession(LoginFlow flow, byte[] sessionHash) {
        return db.read(c -> flows.bindSession(c, flow.id(), sessionHash));
    }

    /** The session's user gave the right account password; the session continues under {@code newSession}. */
    public boolean logIn(LoginFlow flow, byte[] session, byte[] newSession, Principal who) {
        return db.read(c -> flows.logIn(c, flow.id(), session, newSession, who.userId(), who.login()));
    }

    /**
     * Counts a password attempt on the flow before it is checked; false when the flow has had its
     * {@value #LOGIN_ATTEMPTS} and is closed to further ones. Counted in one statement, so of any number of
     * concurrent attempts at most {@value #LOGIN_ATTEMPTS} are ever checked.
     */
    public boolean countLoginAttempt(LoginFlow flow) {
        return db.read(c -> flows.countLoginAttempt(c, flow.id(), LOGIN_ATTEMPTS));
    }

    /** Takes back a counted attempt that was right, or that the throttles held back before it was checked. */
    public void uncountLoginAttempt(LoginFlow flow) {
        db.read(c -> {
            flows.uncountLoginAttempt(c, flow.id());
            return null;
        });
    }

    /** True when the flow has used up its password attempts. */
    public boolean closedToLogins(LoginFlow flow) {
        return flow.failedLogins() >= LOGIN_ATTEMPTS;
    }

    /** True when the flow, read again now, has used up its password attempts. */
    public boolean closedToLoginsNow(LoginFlow flow) {
        return db.read(c -> flows.loginAttempts(c, flow.id())) >= LOGIN_ATTEMPTS;
    }

    /**
     * The logged-in user of {@code session} grants access: an app password named after the client is created and
     * sealed into the flow for the next poll. False when the flow is not (or no longer) open for that session.
     */
    public boolean grant(LoginFlow flow, byte[] session) {
        if (!db.read(c -> flows.beginGrant(c, flow.id(), session, clock.millis()))) {
            return false;
        }
        byte[] sealed;
        try {
            String appPassword = issuer.issue(flow.userId(), flow.loginName(), flow.clientName());
            sealed = LoginFlowSeal.seal(flow.publicKey(), appPassword);
        } catch (RuntimeException e) {
            db.read(c -> {
                flows.abortGrant(c, flow.id());
                return null;
            });
            throw e;
        }
        long pollableUntil = clock.millis() + POLL_GRACE.toMillis();
        db.read(c -> {
            flows.finishGrant(c, flow.id(), sealed, pollableUntil);
            return null;
        });
        return true;
    }

    /** Deletes expired flows, with any app password still waiting in them; returns how many. */
    public int purgeExpired() {
        int total = 0;
        for (int round = 0; round < 100; round++) {
            int n = db.read(c -> flows.purgeExpired(c, clock.millis(), PURGE_BATCH));
            total += n;
            if (n < PURGE_BATCH) {
                break;
            }
        }
        return total;
    }

    public Duration ttl() {
        return ttl;
    }
}
