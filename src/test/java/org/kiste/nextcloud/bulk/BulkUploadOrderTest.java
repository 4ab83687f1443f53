package org.kiste.nextcloud.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.kiste.testing.Dav;
import org.kiste.testing.Spaces;
import org.kiste.testing.TestServer;

/**
 * A bulk upload's files are committed several at a time, each in its own transaction: the same path sent twice ends
 * with the later file and its answer, and the quota takes exactly the files that fit, no more, whether they come in
 * one request or in several at once.
 */
class BulkUploadOrderTest {
    private static final int KIB4 = 4096;

    private final TestServer s = TestServer.get();
    private final Spaces spaces = new Spaces(s);

    @Test
    void thePathSentTwiceEndsWithTheLaterFile() {
        Dav dav = s.dav(s.newUser("bulko"));
        for (int round = 0; round < 3; round++) {
            BulkBody b = new BulkBody().file("/same" + round + ".txt", "first");
            for (int i = 0; i < 2 * Commits.IN_FLIGHT; i++) {
                b.file("/other" + round + "-" + i + ".txt", "other " + i);
                if (i == Commits.IN_FLIGHT) {
                    b.file("/same" + round + ".txt", "second");
                }
            }
            for (int v = 0; v < 3 * Commits.IN_FLIGHT; v++) { // one after the other: their commits would overlap
                b.file("/same" + round + ".txt", "version " + v);
            }
            b.file("/same" + round + ".txt", "third, the last");
            JsonNode answer = BulkBody.json(BulkBody.post(dav, b.close()));
            assertThat(answer.size()).isEqualTo(1 + 2 * Commits.IN_FLIGHT);
            assertThat(answer.fieldNames().next())
                    .as("the place of the first part")
                    .isEqualTo("/same" + round + ".txt");
            JsonNode same = answer.get("/same" + round + ".txt");
            assertThat(same.get("error").asBoolean()).isFalse();
            assertThat(dav.get("same" + round + ".txt").body()).isEqualTo("third, the last");
            assertThat(same.get("etag").asText()).isEqualTo(dav.etag("same" + round + ".txt"));
            for (int i = 0; i < 2 * Commits.IN_FLIGHT; i++) {
                assertThat(dav.get("other" + round + "-" + i + ".txt").body()).isEqualTo("other " + i);
            }
        }
    }

    @Test
    void aRefusedLaterPartOfTheSamePathIsItsAnswerAndKeepsTheEarlierContent() {
        Dav dav = s.dav(s.newUser("bulkr"));
        BulkBody b = new BulkBody().file("/kept.txt", "kept");
        for (int i = 0; i < Commits.IN_FLIGHT; i++) {
            b.file("/f" + i + ".txt", "f" + i);
        }
        b.part(
                "not what the checksum says".getBytes(),
                "Content-Length: 26",
                "X-File-MD5: " + BulkBody.md5("something else".getBytes()),
                "X-File-Path: /kept.txt");
        JsonNode answer = BulkBody.json(BulkBody.post(dav, b.close()));
        assertThat(answer.get("/kept.txt").get("error").asBoolean()).isTrue();
        assertThat(dav.get("kept.txt").body()).isEqualTo("kept");
    }

    @Test
    void theQuotaTakesExactlyTheFilesThatFitAndTheEarlierOnesOfARequest() throws Exception {
        String login = spaces.user("bulkx", 10L * KIB4);
        Thread.sleep(1100); // quota changes reach the files core within a second
        Dav dav = s.dav(login);
        BulkBody b = new BulkBody();
        for (int i = 0; i < 30; i++) {
            b.file("/x" + i + ".bin", content(i));
        }
        HttpResponse<byte[]> r = BulkBody.post(dav, b.close());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode answer = BulkBody.json(r);
        assertThat(answer.size()).isEqualTo(30);
        for (int i = 0; i < 30; i++) {
            JsonNode a = answer.get("/x" + i + ".bin");
            assertThat(a.get("error").asBoolean()).as("x" + i).isEqualTo(i >= 10);
            assertThat(dav.get("x" + i + ".bin").statusCode()).as("x" + i).isEqualTo(i < 10 ? 200 : 404);
            if (i >= 10) {
                assertThat(a.get("message").asText()).contains("space");
            }
        }
    }

    @Test
    void concurrentRequestsStoreNoMoreThanTheQuota() throws Exception {
        String login = spaces.user("bulkc", 10L * KIB4);
        Thread.sleep(1100); // quota changes reach the files core within a second
        int requests = 3;
        int each = 8;
        ExecutorService clients = Executors.newFixedThreadPool(requests);
        List<Future<JsonNode>> answers = new ArrayList<>();
        try {
            for (int c = 0; c < requests; c++) {
                BulkBody b = new BulkBody();
                for (int i = 0; i < each; i++) {
                    b.file("/c" + c + "-" + i + ".bin", content(c * each + i));
                }
                byte[] body = b.close();
                Dav dav = s.dav(login);
                answers.add(clients.submit(() -> BulkBody.json(BulkBody.post(dav, body))));
            }
            int stored = 0;
            int refused = 0;
            Dav dav = s.dav(login);
            for (int c = 0; c < requests; c++) {
                JsonNode answer = answers.get(c).get(60, TimeUnit.SECONDS);
                assertThat(answer.size()).isEqualTo(each);
                for (int i = 0; i < each; i++) {
                    boolean error =
                            answer.get("/c" + c + "-" + i + ".bin").get("error").asBoolean();
                    int got = dav.get("c" + c + "-" + i + ".bin").statusCode();
                    assertThat(got).as("c" + c + "-" + i).isEqualTo(error ? 404 : 200);
                    if (error) {
                        refused++;
                    } else {
                        stored++;
                    }
                }
            }
            assertThat(stored).isEqualTo(10);
            assertThat(refused).isEqualTo(requests * each - 10);
        } finally {
            clients.shutdownNow();
        }
    }

    private static byte[] content(int i) {
        byte[] b = new byte[KIB4];
        Arrays.fill(b, (byte) ('a' + i % 26));
        return b;
    }
}
