package org.kiste.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kiste.model.FileVersion;

/** Nextcloud's version schedule: which versions of a file go at a given time. */
class VersionScheduleTest {
    private static final long NOW = 2_000_000_000L;
    private final VersionSchedule nc = VersionSchedule.parse(VersionSchedule.NEXTCLOUD);

    private static FileVersion at(long revision, String label) {
        return new FileVersion(revision, 1, revision, 1L, "k", 1, revision * 1000, "e", "text/plain", null, label, 0);
    }

    /** Versions at these ages (seconds before NOW), newest first. */
    private static List<FileVersion> aged(long... ages) {
        List<FileVersion> out = new ArrayList<>();
        for (long a : ages) {
            out.add(at(NOW - a, null));
        }
        return out;
    }

    private static List<Long> ages(List<FileVersion> vs) {
        return vs.stream().map(v -> NOW - v.revision()).toList();
    }

    @Test
    void withinTheFirstSecondsOnePerTwoSecondsStays() {
        assertThat(ages(nc.expired(aged(1, 2, 3, 4, 5), NOW))).containsExactly(2L, 4L);
    }

    @Test
    void olderVersionsThinOutByTheirInterval() {
        // one day old and older: one per day; a week and more: one per week
        assertThat(ages(nc.expired(aged(100, 90_000, 95_000, 180_000, 40L * 86_400, 41L * 86_400, 50L * 86_400), NOW)))
                .containsExactly(95_000L, 41L * 86_400);
    }

    @Test
    void theNewestAndNamedVersionsStay() {
        List<FileVersion> vs = new ArrayList<>(aged(10_000));
        vs.add(at(NOW - 10_001, "approved"));
        vs.add(at(NOW - 10_002, null));
        assertThat(ages(nc.expired(vs, NOW))).containsExactly(10_002L);
        assertThat(nc.expired(aged(5), NOW)).isEmpty();
        assertThat(nc.expired(List.of(), NOW)).isEmpty();
    }

    @Test
    void aScheduleIsCheckedWhenRead() {
        assertThat(VersionSchedule.parse("1h:10m,*:1d").expired(aged(60, 120, 700), NOW))
                .extracting(v -> NOW - v.revision())
                .containsExactly(120L);
        for (String bad : List.of("", "1h", "1h:10m", "*:1d,1h:1m", "1h:0s", "2h:1m,1h:1m,*:1d", "1x:1s,*:1d")) {
            assertThatThrownBy(() -> VersionSchedule.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
