package org.kiste.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Assembly order: numeric when every name is digits only (padded or not), name order otherwise. */
class ChunkOrderTest {
    private static List<String> order(String... names) {
        List<Chunk> chunks = new ArrayList<>();
        for (String n : names) {
            chunks.add(new Chunk(n, 1, 0, "e", null));
        }
        return ChunkOrder.sort(chunks).stream().map(Chunk::name).toList();
    }

    @Test
    void unpaddedNumbersSortNumerically() {
        assertThat(order("10", "2", "1", "12", "11", "3")).containsExactly("1", "2", "3", "10", "11", "12");
    }

    @Test
    void paddedNumbersSortNumericallyToo() {
        assertThat(order("0000000000000010", "0000000000000002", "0000000000000000"))
                .containsExactly("0000000000000000", "0000000000000002", "0000000000000010");
        assertThat(order("000010", "000002", "000001")).containsExactly("000001", "000002", "000010");
        // mixed padding is still a number each
        assertThat(order("010", "9", "0011")).containsExactly("9", "010", "0011");
    }

    @Test
    void numbersBeyondLongStillSort() {
        assertThat(order("100000000000000000000000", "99999999999999999999999"))
                .containsExactly("99999999999999999999999", "100000000000000000000000");
    }

    @Test
    void anyOtherNameSortsByName() {
        assertThat(order(
                        "000000010485760-000000020971519",
                        "000000000000000-000000010485759",
                        "000000020971520-000000025000000"))
                .containsExactly(
                        "000000000000000-000000010485759",
                        "000000010485760-000000020971519",
                        "000000020971520-000000025000000");
        // one non-numeric name makes the whole transfer name-ordered
        assertThat(order("10", "2", "a")).containsExactly("10", "2", "a");
    }

    @Test
    void tenThousandChunksComeBackInOrder() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 10_001; i++) {
            names.add(Integer.toString(i));
        }
        List<String> shuffled = new ArrayList<>(names);
        Collections.shuffle(shuffled, new Random(1));
        assertThat(order(shuffled.toArray(String[]::new))).isEqualTo(names);
    }
}
