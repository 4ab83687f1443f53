package org.kiste.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** {@code audit list --since}: dates and times in UTC unless an offset is given, or an age counted back from now. */
class AuditSinceTest {
    private final AuditListCommand.SinceConverter since = new AuditListCommand.SinceConverter();

    @Test
    void datesTimesAndAges() {
        assertThat(since.convert("2026-11-01")).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(since.convert("2026-11-01T14:30")).isEqualTo(Instant.parse("2026-11-01T14:30:00Z"));
        assertThat(since.convert("2026-11-01T14:30+02:00")).isEqualTo(Instant.parse("2026-11-01T12:30:00Z"));
        Instant twoHours = Instant.now().minus(Duration.ofHours(2));
        assertThat(Duration.between(since.convert("2h"), twoHours).abs()).isLessThan(Duration.ofSeconds(5));
        assertThat(Duration.between(since.convert("7d"), Instant.now().minus(Duration.ofDays(7)))
                        .abs())
                .isLessThan(Duration.ofSeconds(5));
        assertThat(Duration.between(since.convert("90s"), Instant.now().minusSeconds(90))
                        .abs())
                .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anythingElseIsAUsageError() {
        for (String bad : new String[] {"yesterday", "2h30m", "-2h", "2026-13-01", ""}) {
            assertThatThrownBy(() -> since.convert(bad))
                    .as(bad)
                    .isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("is neither a date");
        }
    }
}
