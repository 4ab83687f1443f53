package org.kiste.nextcloud.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.TestServer;

/**
 * Many bulk uploads at once, into one folder of one user and into other users' homes, while other requests go on:
 * every file of every request is stored and answered, and the other requests are answered too (no pool runs dry).
 */
class ManyBulkUploadsTest {

    @Test
    void manyRequestsAtOnceAllCommitAndOthersAreServed() throws Exception {
        TestServer s = TestServer.get();
        String shared = s.newUser("bulkmany");
        int requests = 16;
        int files = 40;
        ExecutorService clients = Executors.newFixedThreadPool(requests + 2);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            List<Dav> who = new ArrayList<>();
            for (int c = 0; c < requests; c++) {
                Dav dav = s.dav(c % 2 == 0 ? shared : s.newUser("bulkm" + c));
                BulkBody b = new BulkBody();
                for (int i = 0; i < files; i++) {
                    b.file("/m" + c + "-" + i + ".txt", "request " + c + " file " + i);
                    if (i % 10 == 0) {
                        b.file("/same" + c + ".txt", "v" + i); // the same path now and then
                    }
                }
                b.file("/same" + c + ".txt", "last");
                byte[] body = b.close();
                who.add(dav);
                answers.add(clients.submit(() -> BulkBody.json(BulkBody.post(dav, body))));
            }
            Dav other = s.dav(s.newUser("bulkbystander"));
            Future<Integer> bystander = clients.submit(() -> {
                int bad = 0;
                for (int i = 0; i < 40; i++) {
                    HttpResponse<String> r = other.propfind("", "1", null);
                    if (r.statusCode() != 207) {
                        bad++;
                    }
                }
                return bad;
            });
            for (int c = 0; c < requests; c++) {
                JsonNode a = answers.get(c).get(120, TimeUnit.SECONDS);
                assertThat(a.size()).isEqualTo(files + 1);
                for (int i = 0; i < files; i++) {
                    assertThat(a.get("/m" + c + "-" + i + ".txt").get("error").asBoolean())
                            .as(a.toString())
                            .isFalse();
                }
                assertThat(who.get(c).get("same" + c + ".txt").body()).isEqualTo("last");
            }
            assertThat(bystander.get(120, TimeUnit.SECONDS)).isZero();
        } finally {
            clients.shutdownNow();
        }
    }
}
