package org.chillflow.batch.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.chillflow.core.config.DataDirectory;
import org.chillflow.core.trip.ParquetFooters;

/** The curated part files of a month: {@code part-*.parquet} in file-name order (= source-row order). */
final class CuratedParts {

    private CuratedParts() {
    }

    static List<Path> list(String input) throws IOException {
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("job parameter 'input' (the curated directory) is required");
        }
        DataDirectory data = DataDirectory.configured();
        Path dir;
        try {
            dir = data.readDirectory("input", input);
        } catch (NoSuchFileException missing) {
            throw new NoSuchFileException(missing.getFile(), null, "curated directory not found (run curate-month first)");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().matches("part-\\d+\\.parquet")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new NoSuchFileException(data.display(dir), null, "no curated part files (part-*.parquet) in the directory");
        }
        return files;
    }

    /**
     * The month the directory was curated for ({@code dq-report.json}'s {@code month}, written by curate-month), or null
     * when it was curated without one or has no report.
     */
    static java.time.YearMonth month(String input) throws IOException {
        Path report = DataDirectory.configured().readDirectory("input", input).resolve("dq-report.json");
        if (!Files.isRegularFile(report)) {
            return null;
        }
        try (var reader = jakarta.json.Json.createReader(Files.newBufferedReader(report))) {
            var month = reader.readObject().get("month");
            return month instanceof jakarta.json.JsonString text ? java.time.YearMonth.parse(text.getString()) : null;
        } catch (jakarta.json.JsonException | java.time.format.DateTimeParseException e) {
            throw new IOException("dq-report.json in the curated directory is not curate-month's report", e);
        }
    }

    /** Rows in all the files, from their footers. */
    static long rows(List<Path> files) throws IOException {
        long total = 0;
        for (Path file : files) {
            total += ParquetFooters.rowCount(file);
        }
        return total;
    }
}
