package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.kiste.model.BadRequestException;
import org.kiste.model.FilePath;

class HrefsTest {
    @Test
    void encodeDecodeRoundTrip() {
        for (String name : new String[] {"a b", "100%", "x#y?z", "a&b+c", "日本語", "😀", "dot.file", "tilde~"}) {
            assertThat(Hrefs.decode(Hrefs.encodeSegment(name))).isEqualTo(name);
        }
        assertThat(Hrefs.encodeSegment("a b")).isEqualTo("a%20b");
        assertThat(Hrefs.encodeSegment("plain-name_1.txt")).isEqualTo("plain-name_1.txt");
    }

    @Test
    void encodedSlashStaysInsideItsSegmentAndIsRefusedAsAName() {
        assertThat(Hrefs.decodeSegments("/a%2Fb/c")).containsExactly("a/b", "c");
        assertThatThrownBy(() -> FilePath.of(Hrefs.decodeSegments("/a%2Fb"))).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> FilePath.of(Hrefs.decodeSegments("/%2e%2e/x")))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> FilePath.of(Hrefs.decodeSegments("/a%00b"))).isInstanceOf(BadRequestException.class);
    }

    @Test
    void malformedEscapesAreBadRequests() {
        assertThatThrownBy(() -> Hrefs.decode("%zz")).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> Hrefs.decode("%C3")).isInstanceOf(BadRequestException.class);
    }

    @Test
    void namesAreStoredAsNfc() {
        String nfd = "Cafe\u0301";
        assertThat(FilePath.name(nfd)).isEqualTo("Caf\u00e9");
    }
}
