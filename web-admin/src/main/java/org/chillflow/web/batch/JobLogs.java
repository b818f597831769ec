package org.chillflow.web.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Liberty's job logs of an execution: {@code logs/joblogs/<job>/<date>/instance.<i>/execution.<e>/part.N.log}, plus
 * one directory per step and partition below. Read for the API's log tail.
 */
public final class JobLogs {

    private JobLogs() {
    }

    /**
     * The last {@code lines} lines of the execution's logs — each step's and partition's part files, then the job's
     * own, so that the tail ends with the job's outcome — or empty when there is no log (yet).
     */
    public static Optional<String> tail(String jobName, long instanceId, long executionId, int lines) throws IOException {
        Path root = Path.of(System.getProperty("server.output.dir", "."), "logs", "joblogs", jobName);
        List<Path> files;
        try (Stream<Path> walk = Files.isDirectory(root) ? Files.walk(root, 7) : Stream.empty()) {
            String marker = "/instance." + instanceId + "/execution." + executionId + "/";
            files = walk.filter(f -> f.toString().replace('\\', '/').contains(marker) && f.toString().endsWith(".log"))
                    .sorted(Comparator.comparing((Path f) -> -f.getNameCount()).thenComparing(f -> f))
                    .toList();
        }
        if (files.isEmpty()) {
            return Optional.empty();
        }
        ArrayDeque<String> tail = new ArrayDeque<>(lines);
        for (Path file : files) {
            for (String line : linesOf(file)) {
                if (tail.size() == lines) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            }
        }
        return Optional.of(String.join("\n", tail) + "\n");
    }

    private static List<String> linesOf(Path file) {
        List<String> all = new ArrayList<>();
        all.add("== " + file.getFileName() + " (" + file.getParent().getFileName() + ")");
        try {
            all.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            all.add("(unreadable: " + e.getMessage() + ")");
        }
        return all;
    }
}
