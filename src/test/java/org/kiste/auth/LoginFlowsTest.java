package org.kiste.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.kiste.model.LoginFlow;
import org.kiste.model.Principal;
import org.kiste.store.Database;
import org.kiste.testing.MovableClock;
import org.kiste.testing.TestServer;

/** The flow service on the real database: what is stored, grant once, poll once, purge. */
class LoginFlowsTest {
    private final TestServer s = TestServer.get();
    private final Database db = s.backend.database();
    private final MovableClock clock = new MovableClock();
    private final AtomicInteger issued = new AtomicInteger();
    private final LoginFlows flows = new LoginFlows(
            db,
            (userId, login, name) -> {
                issued.incrementAndGet();
                return s.backend.appPasswords().create(userId, login, name);
            },
            s.backend.throttles(),
            clock,
            Duration.ofMinutes(20));

    private Principal principal(String login) {
        return s.users().find(login).orElseThrow().principal();
    }

    private byte[] column(String column, byte[] pollHash) {
        return db.read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT " + column + " FROM login_flow WHERE poll_hash = ?")) {
                ps.setBytes(1, pollHash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
    }

    @Test
    void theDatabaseHoldsNeitherTokenNorAppPasswordAndTheFlowIsGoneAfterThePoll() {
        String login = s.newUser("flows");
        LoginFlows.Started started = flows.start("client", "127.0.0.1");
        byte[] pollHash = RandomTokens.sha256(started.pollToken());
        assertThat(column("poll_hash", pollHash)).isEqualTo(pollHash);
        LoginFlow flow = flows.find(started.loginToken()).orElseThrow();
        byte[] session = RandomTokens.sha256("session");
        byte[] next = RandomTokens.sha256("next");
        assertThat(flows.bindSession(flow, session)).isTrue();
        assertThat(flows.grant(flow, session)).as("not logged in").isFalse();
        assertThat(flows.logIn(flow, session, next, principal(login))).isTrue();
        LoginFlow loggedIn = flows.find(started.loginToken()).orElseThrow();
        assertThat(flows.grant(loggedIn, session))
                .as("the session before the login")
                .isFalse();
        assertThat(flows.grant(loggedIn, next)).isTrue();
        assertThat(flows.grant(loggedIn, next)).as("granted once").isFalse();
        assertThat(issued).hasValue(1);

        byte[] sealed = column("sealed_app_password", pollHash);
        assertThat(sealed).isNotNull();
        LoginFlows.Granted granted = flows.poll(started.pollToken()).orElseThrow();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(granted.appPassword());
        assertThat(granted.loginName()).isEqualTo(login);
        assertThat(column("poll_hash", pollHash))
                .as("the row with the sealed password is deleted")
                .isNull();
        assertThat(flows.poll(started.pollToken())).isEmpty();
        assertThat(flows.find(started.loginToken())).isEmpty();
    }

    @Test
    void expiredFlowsArePurged() {
        LoginFlows.Started started = flows.start("to be purged", "127.0.0.1");
        byte[] pollHash = RandomTokens.sha256(started.pollToken());
        assertThat(flows.purgeExpired()).isGreaterThanOrEqualTo(0);
        assertThat(column("poll_hash", pollHash)).isNotNull();
        clock.advance(Duration.ofMinutes(21));
        assertThat(flows.find(started.loginToken())).isEmpty();
        assertThat(flows.poll(started.pollToken())).isEmpty();
        assertThat(flows.purgeExpired()).isGreaterThanOrEqualTo(1);
        assertThat(column("poll_hash", pollHash)).isNull();
    }

    @Test
    void aFlowGrantedJustBeforeItsEndStaysPollableForAMoment() {
        String login = s.newUser("flowslate");
        LoginFlows.Started started = flows.start("late", "127.0.0.1");
        LoginFlow flow = flows.find(started.loginToken()).orElseThrow();
        byte[] session = RandomTokens.sha256("s1");
        flows.bindSession(flow, session);
        flows.logIn(flow, session, session, principal(login));
        clock.advance(Duration.ofMinutes(19).plusSeconds(50));
        assertThat(flows.grant(flows.find(started.loginToken()).orElseThrow(), session))
                .isTrue();
        clock.advance(Duration.ofSeconds(30));
        assertThat(flows.poll(started.pollToken())).isPresent();
    }
}
