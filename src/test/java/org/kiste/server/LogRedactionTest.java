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

    @Test
    void linkTokensAreCutToTheirFirstFourCharacters() {
        assertThat(LogRedaction.redact("1.2.3.4 - \"GET /s/Ab3dEf7hXyZ1234 HTTP/1.1\" 200"))
                .isEqualTo("1.2.3.4 - \"GET /s/Ab3d… HTTP/1.1\" 200");
        assertThat(LogRedaction.redact("\"GET /index.php/s/Ab3dEf7hXyZ1234/download?path=/a HTTP/1.1\""))
                .isEqualTo("\"GET /index.php/s/Ab3d…/download?path=/a HTTP/1.1\"");
        assertThat(LogRedaction.redact("\"PROPFIND /kiste/public.php/dav/files/Ab3dEf7hXyZ1234/x.txt HTTP/1.1\""))
                .isEqualTo("\"PROPFIND /kiste/public.php/dav/files/Ab3d…/x.txt HTTP/1.1\"");
        assertThat(LogRedaction.redact("/s/Ab3dEf7hXyZ1234")).isEqualTo("/s/Ab3d…");
        // a user's folder named "s" deeper in a WebDAV path is left alone
        String dav = "\"GET /remote.php/dav/files/alice/s/Ab3dEf7hXyZ1234 HTTP/1.1\"";
        assertThat(LogRedaction.redact(dav)).isEqualTo(dav);
    }

    @Test
    void controlCharactersAreEscapedAndTabsAndTextStay() {
        assertThat(LogRedaction.clean("a\r\nb\tc\u0000d\u0085e\u2028f\u2029g\u007fh ü"))
                .isEqualTo("a\\r\\nb\tc\\u0000d\\u0085e\\u2028f\\u2029g\\u007fh ü");
        assertThat(LogRedaction.clean("plain")).isEqualTo("plain");
        assertThat(LogRedaction.clean(null)).isNull();
    }
}
