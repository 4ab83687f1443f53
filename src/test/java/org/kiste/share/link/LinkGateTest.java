package org.kiste.share.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.kiste.model.Share;
import org.kiste.testing.Dav;
import org.kiste.testing.Links;
import org.kiste.testing.TestServer;

/** The link gate against the real sharing core: limits per link and per client address, and drop names. */
class LinkGateTest {
    private final TestServer ts = TestServer.get();
    private final Links links = new Links(ts);

    @Test
    void oneAddressGuessingAcrossLinksIsStoppedAndOthersAreNot() {
        String owner = ts.newUser("lg");
        ts.dav(owner).mkcol("A");
        ts.dav(owner).mkcol("B");
        Share a = links.create(owner, "/A", Links.READ, "pass-a-1");
        Share b = links.create(owner, "/B", Links.READ, "pass-b-1");
        LinkGate gate = new LinkGate(ts.backend.links(), 100, 3, Duration.ofMinutes(5));
        assertThat(gate.checkPassword(a, "x", "10.0.0.1")).isEqualTo(LinkGate.Check.WRONG);
        assertThat(gate.checkPassword(b, "y", "10.0.0.1")).isEqualTo(LinkGate.Check.WRONG);
        assertThat(gate.checkPassword(a, null, "10.0.0.1")).isEqualTo(LinkGate.Check.WRONG);
        // the address is out of tries, on every link, even with the right password
        assertThat(gate.checkPassword(b, "pass-b-1", "10.0.0.1")).isEqualTo(LinkGate.Check.THROTTLED);
        assertThat(gate.throttled(a, "10.0.0.1")).isTrue();
        // another address is not
        assertThat(gate.checkPassword(b, "pass-b-1", "10.0.0.2")).isEqualTo(LinkGate.Check.OK);
        assertThat(gate.checkPassword(b, "pass-b-1", "10.0.0.2")).isEqualTo(LinkGate.Check.OK);
    }

    @Test
    void oneLinkGuessedFromManyAddressesIsStopped() {
        String owner = ts.newUser("lh");
        ts.dav(owner).mkcol("C");
        Share c = links.create(owner, "/C", Links.READ, "pass-c-1");
        LinkGate gate = new LinkGate(ts.backend.links(), 2, 100, Duration.ofMinutes(5));
        assertThat(gate.checkPassword(c, "1", "10.1.0.1")).isEqualTo(LinkGate.Check.WRONG);
        assertThat(gate.checkPassword(c, "2", "10.1.0.2")).isEqualTo(LinkGate.Check.WRONG);
        assertThat(gate.checkPassword(c, "pass-c-1", "10.1.0.3")).isEqualTo(LinkGate.Check.THROTTLED);
    }

    @Test
    void aChangedPasswordIsNeverTakenForTheRememberedOne() {
        String owner = ts.newUser("li");
        Dav dav = ts.dav(owner);
        dav.mkcol("D");
        Share d = links.create(owner, "/D", Links.READ, "first-pass");
        LinkGate gate = new LinkGate(ts.backend.links());
        assertThat(gate.checkPassword(d, "first-pass", "10.2.0.1")).isEqualTo(LinkGate.Check.OK);
        links.shares()
                .update(
                        links.principal(owner),
                        d.id(),
                        new org.kiste.share.ShareUpdate(null, "second-pass", null, null, null, null, null));
        Share changed = gate.find(d.token()).orElseThrow();
        assertThat(gate.checkPassword(changed, "first-pass", "10.2.0.1")).isEqualTo(LinkGate.Check.WRONG);
        assertThat(gate.checkPassword(changed, "second-pass", "10.2.0.1")).isEqualTo(LinkGate.Check.OK);
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
