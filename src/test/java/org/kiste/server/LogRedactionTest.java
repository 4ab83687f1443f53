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
    void percentEncodedTokensAndPathsAreCutToo() {
        assertThat(LogRedaction.redact("1.2.3.4 - \"GET /s/%41b3dEf7hX%79Z1234 HTTP/1.1\" 200"))
                .isEqualTo("1.2.3.4 - \"GET /s/%41b3d… HTTP/1.1\" 200");
        assertThat(LogRedaction.redact("\"GET /index.php/%73%2fAb3dEf7hXyZ1234/download HTTP/1.1\""))
                .isEqualTo("\"GET /index.php/%73%2fAb3d…/download HTTP/1.1\"");
        assertThat(LogRedaction.redact("\"GET /public.php/dav/files/%41%62%33%64%45%66%37%68%58%79%31%32/x HTTP/1.1\""))
                .isEqualTo("\"GET /public.php/dav/files/%41%62%33%64…/x HTTP/1.1\"");
        assertThat(LogRedaction.redact("\"GET /login/v2/flow/Ab3dEf7h%78%78%78%78 HTTP/1.1\""))
                .isEqualTo("\"GET /login/v2/flow/Ab3dEf7h… HTTP/1.1\"");
        // escapes of other characters stay as they came, and end a token
        assertThat(LogRedaction.redact("\"GET /s/Ab3dEf7hXyZ1%20rest%0a HTTP/1.1\""))
                .isEqualTo("\"GET /s/Ab3d…%20rest%0a HTTP/1.1\"");
        String dav = "\"GET /remote.php/dav/files/alice/%41%20b.txt HTTP/1.1\"";
        assertThat(LogRedaction.redact(dav)).isEqualTo(dav);
    }

    @Test
    void formTokensInQueryStringsAreCutWhole() {
        String csrf = "Zm9vYmFy-_0123456789abcdefABCDEF_-xyz";
        assertThat(LogRedaction.redact("\"POST /s/Ab3dEf7hXyZ1234/upload?csrf=" + csrf + " HTTP/1.1\" 200"))
                .isEqualTo("\"POST /s/Ab3d…/upload?csrf=… HTTP/1.1\" 200");
        assertThat(LogRedaction.redact("\"POST /s/Ab3dEf7hXyZ1234/upload?path=/in&csrf=" + csrf + "&x=1 HTTP/1.1\""))
                .isEqualTo("\"POST /s/Ab3d…/upload?path=/in&csrf=…&x=1 HTTP/1.1\"");
        // escaped characters of the token are cut with it
        assertThat(LogRedaction.redact("\"POST /x?csrf=Zm9v%2D%5FYmFy%41 HTTP/1.1\""))
                .isEqualTo("\"POST /x?csrf=… HTTP/1.1\"");
        String plain = "\"GET /remote.php/dav/files/alice/csrf.txt HTTP/1.1\"";
        assertThat(LogRedaction.redact(plain)).isEqualTo(plain);
    }

    @Test
    void controlCharactersAreEscapedAndTabsAndTextStay() {
        assertThat(LogRedaction.clean("a\r\nb\tc\u0000d\u0085e\u2028f\u2029g\u007fh ü"))
                .isEqualTo("a\\r\\nb\tc\\u0000d\\u0085e\\u2028f\\u2029g\\u007fh ü");
        assertThat(LogRedaction.clean("plain")).isEqualTo("plain");
        assertThat(LogRedaction.clean(null)).isNull();
    }
}
