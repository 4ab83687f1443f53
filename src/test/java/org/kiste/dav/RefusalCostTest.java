package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/**
 * Every refusal of a login costs one bcrypt run, so its time tells nothing about the account: an unknown account,
 * a disabled one, a wrong password and a wrong app password are refused in comparable time (before, an unknown
 * or disabled account was refused in about 1.5 ms, a wrong password in about 140 ms). Bounded, not tight: the
 * medians of 15 tries each must lie within a factor of two of each other. On a server of its own with the default
 * bcrypt cost (the shared test server hashes at the smallest).
 */
class RefusalCostTest {
    private static final int TRIES = 15;
    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.withDefaultHashCost();
    }

    @AfterAll
    static void stop() {
        if (s != null) {
            s.close();
        }
    }

    private long millisOf(Dav client) {
        long t0 = System.nanoTime();
        int status = client.propfind("", "0", null).statusCode();
        long t = System.nanoTime() - t0;
        assertThat(status).isEqualTo(401);
        return t;
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2) / 1e6;
    }

    @Test
    void unknownDisabledAndRealAccountsAreRefusedInComparableTime() {
        String real = s.newUser("cost");
        String disabled = s.newUser("costoff");
        s.users().setEnabled(disabled, false);
        String appShaped = "A".repeat(72);
        Dav unknownClient = new Dav(s.baseUrl, "nobody-" + real, "some-guess");
        Dav disabledClient = new Dav(s.baseUrl, disabled, "pw-" + disabled);
        Dav wrongClient = new Dav(s.baseUrl, real, "some-guess");
        Dav wrongAppClient = new Dav(s.baseUrl, real, appShaped);
        // warm up the paths (class loading, the dummy hash, caches of account rows)
        millisOf(unknownClient);
        millisOf(disabledClient);
        millisOf(wrongClient);
        millisOf(wrongAppClient);
        List<Long> unknown = new ArrayList<>();
        List<Long> off = new ArrayList<>();
        List<Long> wrong = new ArrayList<>();
        List<Long> wrongApp = new ArrayList<>();
        for (int i = 0; i < TRIES; i++) {
            unknown.add(millisOf(unknownClient));
            wrong.add(millisOf(wrongClient));
            off.add(millisOf(disabledClient));
            wrongApp.add(millisOf(wrongAppClient));
        }
        double w = median(wrong);
        System.out.printf(
                "refusal medians (ms): unknown %.1f, disabled %.1f, wrong password %.1f, wrong app password %.1f%n",
                median(unknown), median(off), w, median(wrongApp));
        for (double m : new double[] {median(unknown), median(off), median(wrongApp)}) {
            assertThat(m / w).isBetween(0.5, 2.0);
        }
    }
}
