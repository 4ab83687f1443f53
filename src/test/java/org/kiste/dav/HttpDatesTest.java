package org.kiste.dav;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpDatesTest {
    private static final DateTimeFormatter REFERENCE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Test
    void handFormatterAgreesWithJavaTime() {
        Random r = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            long ms = (long) (r.nextDouble() * 4_000_000_000_000L) - 100_000_000_000L;
            assertThat(HttpDates.format(ms)).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(ms)));
        }
        assertThat(HttpDates.format(0)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
    }

    @Test
    void parsesWhatItFormats() {
        long ms = 1_764_201_600_000L;
        assertThat(HttpDates.parse(HttpDates.format(ms))).isEqualTo(ms);
        assertThat(HttpDates.parse("not a date")).isEqualTo(-1);
    }
}
