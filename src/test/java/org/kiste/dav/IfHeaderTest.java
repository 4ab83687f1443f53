package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.kiste.model.BadRequestException;

class IfHeaderTest {
    @Test
    void untaggedListsWithNotAndEtags() {
        IfHeader h = IfHeader.parse("(<opaquelocktoken:a-b> [\"e1\"]) (Not <DAV:no-lock> [\"e1\"])");
        assertThat(h.tagged()).isFalse();
        assertThat(h.lists()).hasSize(2);
        assertThat(h.lists().get(0).conditions())
                .containsExactly(
                        new IfHeader.Condition(false, "opaquelocktoken:a-b", null),
                        new IfHeader.Condition(false, null, "\"e1\""));
        assertThat(h.lists().get(1).conditions().get(0).not()).isTrue();
        assertThat(h.submittedTokens()).containsExactly("opaquelocktoken:a-b");
    }

    @Test
    void taggedListsKeepTheirResource() {
        IfHeader h =
                IfHeader.parse("<http://h/dav/a.txt> (<urn:uuid:1>) <http://h/dav/b/> ([W/\"x\"]) (Not <DAV:no-lock>)");
        assertThat(h.tagged()).isTrue();
        assertThat(h.lists())
                .extracting(IfHeader.ConditionList::resource)
                .containsExactly("http://h/dav/a.txt", "http://h/dav/b/", "http://h/dav/b/");
        assertThat(IfHeader.opaque("W/\"x\"")).isEqualTo("x");
    }

    @Test
    void malformedHeadersAreRefused() {
        for (String bad : new String[] {"<x>", "(", "()", "(<a>", "foo", "(<a>) <b> (<c>)x", "(Not)", "([\"x\")"}) {
            assertThatThrownBy(() -> IfHeader.parse(bad)).as(bad).isInstanceOf(BadRequestException.class);
        }
        assertThatThrownBy(() -> IfHeader.parse("(<a>) <http://x/> (<b>)")).isInstanceOf(BadRequestException.class);
    }
}
