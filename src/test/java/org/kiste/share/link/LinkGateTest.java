package org.kiste.share.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.kiste.auth.KnownAddresses;
import org.kiste.auth.ThrottlePolicy;
import org.kiste.auth.Throttles;
import org.kiste.auth.TooManyAttempts;
import org.kiste.model.Share;
import org.kiste.testing.Dav;
import org.kiste.testing.Links;
import org.kiste.testing.MovableClock;
import org.kiste.testing.TestServer;

/** The link gate against the real sharing core: limits per client address and per link and address. */
class LinkGateTest {
    private final TestServer ts = TestServer.get();
    private final Links links = new Links(ts);
    private final MovableClock clock = new MovableClock();

    private LinkGate gate(int addressFree, int linkFree) {
        return gate(addressFree, linkFree, 1000);
    }

    private LinkGate gate(int addressFree, int linkFree, int linkAllFree) {
        ThrottlePolicy loose =
                new ThrottlePolicy(1000, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofHours(1));
        Throttles throttles = new Throttles(
                ts.backend.database(),
                Map.of(
                        Throttles.Kind.ADDRESS,
                        new ThrottlePolicy(
                                addressFree, Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofHours(24)),
                        Throttles.Kind.ACCOUNT,
                        loose,
                        Throttles.Kind.LINK,
                        new ThrottlePolicy(
                                linkFree, Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofHours(24)),
                        Throttles.Kind.LINK_ALL,
                        new ThrottlePolicy(
                                linkAllFree, Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofHours(24)),
                        Throttles.Kind.FLOW_START,
                        loose),
                clock);
        return new LinkGate(
                ts.backend.links(), throttles, new KnownAddresses(ts.backend.database(), Duration.ofDays(30), clock));
    }

    private static String address() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
    }

    @Test
    void oneAddressGuessingAcrossLinksIsStoppedAndOthersAreNot() {
        String owner = ts.newUser("lg");
        ts.dav(owner).mkcol("A");
        ts.dav(owner).mkcol("B");
        Share a = links.create(owner, "/A", Links.READ, "pass-a-1");
        Share b = links.create(owner, "/B", Links.READ, "pass-b-1");
        LinkGate gate = gate(3, 100);
        String guesser = address();
        assertThat(gate.checkPassword(a, "x", guesser)).isEqualTo(LinkGate.Check.WRONG);
        assertThat(gate.checkPassword(b, "y", guesser)).isEqualTo(LinkGate.Check.WRONG);
        assertThat(gate.checkPassword(a, null, guesser)).isEqualTo(LinkGate.Check.WRONG);
        // the address waits now, on every link, even with the right password
        assertThatThrownBy(() -> gate.checkPassword(b, "pass-b-1", guesser))
                .isInstanceOf(TooManyAttempts.class)
                .extracting(e -> ((TooManyAttempts) e).retryAfterSeconds())
                .isEqualTo(1L);
        assertThatThrownBy(() -> gate.checkThrottle(a, guesser)).isInstanceOf(TooManyAttempts.class);
        // another address does not
        String visitor = address();
        assertThat(gate.checkPassword(b, "pass-b-1", visitor)).isEqualTo(LinkGate.Check.OK);
        assertThat(gate.checkPassword(b, "pass-b-1", visitor)).isEqualTo(LinkGate.Check.OK);
    }

    @Test
    void aLinkGuessedFromOneAddressStaysOpenToOtherAddresses() {
        String owner = ts.newUser("lh");
        ts.dav(owner).mkcol("C");
        Share c = links.create(owner, "/C", Links.READ, "pass-c-1");
        LinkGate gate = gate(100, 2);
        String guesser = address();
        assertThat(gate.checkPassword(c, "1", guesser)).isEqualTo(LinkGate.Check.WRONG);
        assertThat(gate.checkPassword(c, "2", guesser)).isEqualTo(LinkGate.Check.WRONG);
        assertThatThrownBy(() -> gate.checkPassword(c, "pass-c-1", guesser))
                .isInstanceOf(TooManyAttempts.class)
                .extracting(e -> ((TooManyAttempts) e).retryAfterSeconds())
                .isEqualTo(60L);
        // before, ten wrong passwords from anywhere locked every visitor out for 15 minutes
        assertThat(gate.checkPassword(c, "pass-c-1", address())).isEqualTo(LinkGate.Check.OK);
        // after the wait the guesser may try again, once, then waits twice as long
        clock.advance(Duration.ofSeconds(60));
        assertThat(gate.checkPassword(c, "3", guesser)).isEqualTo(LinkGate.Check.WRONG);
        assertThatThrownBy(() -> gate.checkPassword(c, "4", guesser))
                .isInstanceOf(TooManyAttempts.class)
                .extracting(e -> ((TooManyAttempts) e).retryAfterSeconds())
                .isEqualTo(120L);
    }

    @Test
    void aGuesserSpreadOverManyAddressesIsHeldBackButNotTheLinksVisitors() {
        String owner = ts.newUser("lw");
        ts.dav(owner).mkcol("W");
        Share w = links.create(owner, "/W", Links.READ, "pass-w-1");
        String earlier = address();
        assertThat(gate(100, 100, 4).checkPassword(w, "pass-w-1", earlier)).isEqualTo(LinkGate.Check.OK);
        // a server process that has not verified the password lately (the state is in the database)
        LinkGate gate = gate(100, 100, 4);
        // four wrong passwords, each from an address of its own: no address and no (link, address) waits
        for (int i = 0; i < 4; i++) {
            assertThat(gate.checkPassword(w, "guess" + i, address())).isEqualTo(LinkGate.Check.WRONG);
        }
        // the link waits for every new address now, right password or not, with a growing wait
        String fresh = address();
        assertThatThrownBy(() -> gate.checkPassword(w, "pass-w-1", fresh))
                .isInstanceOf(TooManyAttempts.class)
                .extracting(e -> ((TooManyAttempts) e).retryAfterSeconds())
                .isEqualTo(1L);
        assertThatThrownBy(() -> gate.checkThrottle(w, address())).isInstanceOf(TooManyAttempts.class);
        clock.advance(Duration.ofSeconds(1));
        assertThat(gate.checkPassword(w, "guess5", address())).isEqualTo(LinkGate.Check.WRONG);
        assertThatThrownBy(() -> gate.checkPassword(w, "guess6", address()))
                .isInstanceOf(TooManyAttempts.class)
                .extracting(e -> ((TooManyAttempts) e).retryAfterSeconds())
                .isEqualTo(2L);
        // an address that gave the password before is not held back by the link's limit
        gate.checkThrottle(w, earlier);
        assertThat(gate.checkPassword(w, "pass-w-1", earlier)).isEqualTo(LinkGate.Check.OK);
        // and a password verified a moment ago (a WebDAV client sends it with every request) costs no guess
        assertThat(gate.checkPassword(w, "pass-w-1", fresh)).isEqualTo(LinkGate.Check.OK);
        assertThatThrownBy(() -> gate.checkPassword(w, "guess7", address())).isInstanceOf(TooManyAttempts.class);
    }

    @Test
    void aChangedPasswordIsNeverTakenForTheRememberedOne() {
        String owner = ts.newUser("li");
        Dav dav = ts.dav(owner);
        dav.mkcol("D");
        Share d = links.create(owner, "/D", Links.READ, "first-pass");
        LinkGate gate = gate(100, 100);
        String visitor = address();
        assertThat(gate.checkPassword(d, "first-pass", visitor)).isEqualTo(LinkGate.Check.OK);
        links.shares()
                .update(
                        links.principal(owner),
                        d.id(),
                        new org.kiste.share.ShareUpdate(null, "second-pass", null, null, null, null, null));
        Share changed = gate.find(d.token()).orElseThrow();
        assertThat(gate.checkPassword(changed, "first-pass", visitor)).isEqualTo(LinkGate.Check.WRONG);
        assertThat(gate.checkPassword(changed, "second-pass", visitor)).isEqualTo(LinkGate.Check.OK);
        assertThat(LinkGate.isDrop(changed)).isFalse();
    }

    @Test
    void numberedNamesKeepTheExtension() {
        assertThat(DropUpload.numbered("f.txt", 2)).isEqualTo("f (2).txt");
        assertThat(DropUpload.numbered("archive.tar.gz", 3)).isEqualTo("archive.tar (3).gz");
        assertThat(DropUpload.numbered(".profile", 2)).isEqualTo(".profile (2)");
        assertThat(DropUpload.numbered("README", 10)).isEqualTo("README (10)");
        String longName = "x".repeat(250) + ".txt";
        assertThat(DropUpload.numbered(longName, 2)).endsWith(" (2).txt").hasSize(255);
    }
}
