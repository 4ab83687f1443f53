package org.kiste.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void powersOf1024() {
        assertThat(Sizes.parse("10G")).isEqualTo(10L << 30);
        assertThat(Sizes.parse("10GiB")).isEqualTo(10L << 30);
        assertThat(Sizes.parse("512k")).isEqualTo(512L << 10);
        assertThat(Sizes.parse("1.5M")).isEqualTo(3L << 19);
        assertThat(Sizes.parse("1T")).isEqualTo(1L << 40);
        assertThat(Sizes.parse("123")).isEqualTo(123);
        assertThat(Sizes.parse("none")).isEqualTo(Sizes.UNLIMITED);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> Sizes.parse("ten gigs")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sizes.parse("-5G")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sizes.parse("99999999999999P")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsRoundNumbers() {
        assertThat(Sizes.format(10L << 30)).isEqualTo("10G");
        assertThat(Sizes.format(-1)).isEqualTo("none");
        assertThat(Sizes.format(1000)).isEqualTo("1000B");
    }
}
