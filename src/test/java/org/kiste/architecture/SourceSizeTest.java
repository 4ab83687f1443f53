package org.kiste.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A source file over 500 lines holds more than one concept and is to be split along a seam. */
class SourceSizeTest {
    private static final int MAX_LINES = 500;
    private static final Path SOURCES = Path.of("src", "main", "java");

    @Test
    void noSourceFileIsLongerThanTheLimit() throws IOException {
        assertThat(SOURCES).isDirectory();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .map(f -> new Sized(SOURCES.relativize(f), lines(f)))
                    .filter(s -> s.lines() > MAX_LINES)
                    .sorted(Comparator.comparingLong(Sized::lines).reversed())
                    .map(s -> s.file() + ": " + s.lines() + " lines")
                    .toList();
        }
        assertThat(offenders)
                .as("source files over %d lines under %s", MAX_LINES, SOURCES)
                .isEmpty();
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Sized(Path file, long lines) {}
}
