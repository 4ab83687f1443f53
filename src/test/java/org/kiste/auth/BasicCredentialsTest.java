package org.kiste.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicCredentialsTest {
    private static String basic(String s, java.nio.charset.Charset cs) {
        return "Basic " + Base64.getEncoder().encodeToString(s.getBytes(cs));
    }

    @Test
    void utf8AndLatin1() {
        assertThat(BasicCredentials.parse(basic("jörg:pässwörd-✓", StandardCharsets.UTF_8)))
                .contains(new BasicCredentials("jörg", "pässwörd-✓"));
        assertThat(BasicCredentials.parse(basic("jörg:pä", StandardCharsets.ISO_8859_1)))
                .contains(new BasicCredentials("jörg", "pä"));
    }

    @Test
    void windowsDomainPrefixIsDropped() {
        assertThat(BasicCredentials.parse(basic("CORP\\alice:pw", StandardCharsets.UTF_8)))
                .contains(new BasicCredentials("alice", "pw"));
        assertThat(BasicCredentials.parse(basic("CORP\\\\alice:pw", StandardCharsets.UTF_8)))
                .contains(new BasicCredentials("alice", "pw"));
    }

    @Test
    void malformedIsNoCredential() {
        assertThat(BasicCredentials.parse("Basic !!!")).isEmpty();
        assertThat(BasicCredentials.parse("Bearer abc")).isEmpty();
        assertThat(BasicCredentials.parse(basic("nocolon", StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(BasicCredentials.parse(null)).isEmpty();
    }
}
