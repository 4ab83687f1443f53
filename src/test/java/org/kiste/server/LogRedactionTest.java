package org.kiste.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogRedactionTest {
    @Test
    void loginAndPollTokensAreCutToTheirFirstEightCharacters() {
        String t = "Ab3dEf7h" + "x".repeat(120);
        assertThat(LogRedaction.redact("1.2.3.4 - \"GET /index.php/login/v2/flow/" + t + "/login HTTP/1.1\" 200"))
                .isEqualTo("1.2.3.4 - \"GET /index.php/login/v2/flow/Ab3dEf7h…/login HTTP/1.1\" 200");
        assertThat(LogRedaction.redact("\"POST /login/v2/poll?token=" + t + " HTTP/1.1\""))
                .isEqualTo("\"POST /login/v2/poll?token=Ab3dEf7h… HTTP/1.1\"");
        String dav = "\"GET /remote.php/dav/files/alice/report.txt?token=" + t + " HTTP/1.1\"";
        assertThat(LogRedaction.redact(dav)).isEqualTo(dav);
    }
}
