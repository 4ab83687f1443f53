package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeParseTest {
    @Test
    void singleRanges() {
        assertThat(ByteRange.parse("bytes=0-4", 20)).isEqualTo(new ByteRange(0, 4));
        assertThat(ByteRange.parse("bytes=5-", 20)).isEqualTo(new ByteRange(5, 19));
        assertThat(ByteRange.parse("bytes=15-100", 20)).isEqualTo(new ByteRange(15, 19));
        assertThat(ByteRange.parse("bytes=-3", 20)).isEqualTo(new ByteRange(17, 19));
        assertThat(ByteRange.parse("bytes=-30", 20)).isEqualTo(new ByteRange(0, 19));
    }

    @Test
    void unsatisfiable() {
        assertThat(ByteRange.parse("bytes=30-40", 20)).isSameAs(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=-0", 20)).isSameAs(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=0-", 0)).isSameAs(ByteRange.UNSATISFIABLE);
    }

    @Test
    void ignoredMeansWholeBody() {
        assertThat(ByteRange.parse("bytes=0-1,5-6", 20)).isSameAs(ByteRange.IGNORE);
        assertThat(ByteRange.parse("items=0-1", 20)).isSameAs(ByteRange.IGNORE);
        assertThat(ByteRange.parse("bytes=x-y", 20)).isSameAs(ByteRange.IGNORE);
        assertThat(ByteRange.parse("bytes=5-2", 20)).isSameAs(ByteRange.IGNORE);
    }
}
