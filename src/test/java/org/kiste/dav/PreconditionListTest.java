package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PreconditionListTest {
    @Test
    void strongComparisonIgnoresWeakTags() {
        assertThat(Preconditions.matches("\"abc\"", "abc", false)).isTrue();
        assertThat(Preconditions.matches("W/\"abc\"", "abc", false)).isFalse();
        assertThat(Preconditions.matches("W/\"abc\"", "abc", true)).isTrue();
    }

    @Test
    void listsAndStar() {
        assertThat(Preconditions.matches("\"x\", \"abc\"", "abc", false)).isTrue();
        assertThat(Preconditions.matches("*", "abc", false)).isTrue();
        assertThat(Preconditions.matches("*", null, false)).isFalse();
        assertThat(Preconditions.matches("\"abc\"", null, false)).isFalse();
    }
}
