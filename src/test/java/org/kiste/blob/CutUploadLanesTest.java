package org.kiste.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.RawHttp;
import org.kiste.testing.TestServer;

/** Big uploads cut in the middle, again and again, leave no thread hashing or flushing for them. */
class CutUploadLanesTest {

    @Test
    void cutBigUploadsLeaveNoLaneRunning() throws Exception {
        TestServer s = TestServer.get();
        String login = s.newUser("cutlanes");
        Dav dav = s.dav(login);
        byte[] sent = new byte[5 * 1024 * 1024];
        Arrays.fill(sent, (byte) 'z');
        for (int i = 0; i < 6; i++) {
            RawHttp.Answer a = RawHttp.sendCut(
                    s.baseUrl,
                    "PUT",
                    "/remote.php/dav/files/" + login + "/cut" + i + ".bin",
                    dav.authorization(),
                    40L * 1024 * 1024,
                    sent);
            assertThat(a.status()).isGreaterThanOrEqualTo(400);
        }
        long lanes = -1;
        for (int i = 0; i < 100 && lanes != 0; i++) { // bounded: 10 s at most
            lanes = busyLanes();
            if (lanes != 0) {
                Thread.sleep(100);
            }
        }
        assertThat(lanes).as("threads still in DigestLanes/WriteBehind work").isZero();
    }

    private static long busyLanes() {
        long n = 0;
        for (Map.Entry<Thread, StackTraceElement[]> e :
                Thread.getAllStackTraces().entrySet()) {
            for (StackTraceElement f : e.getValue()) {
                if (f.getClassName().startsWith(DigestLanes.class.getName())
                        || f.getClassName().startsWith(WriteBehind.class.getName())) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }
}
