package org.chillflow.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Job input and output paths live under one data directory ({@code chillflow.data.dir}): a name is resolved
 * inside it, and an absolute path or one that climbs out of it — by {@code ..} or through a symbolic link — is
 * refused, so that no way of starting a job (our API, Liberty's batch REST API, {@code batchManager}, a
 * schedule, a restart with changed parameters) can make it read or write any file the server can reach.
 * <p>
 * The batch artifacts resolve every path parameter through {@link #configured()} where they open the file:
 * the check sits where the work happens, not only in one resource. The command line sets
 * {@code chillflow.data.confined=false}: it runs with its user's own rights, so any path that user can read is
 * theirs to name.
 * <p>
 * Error messages name the parameter and the reason, and show a path relative to the data directory (never the
 * server's absolute paths, never anything read from a file).
 */
public final class DataDirectory {

    public static final String DIR_KEY = "chillflow.data.dir";
    public static final String CONFINED_KEY = "chillflow.data.confined";

    private final Path root;
    private final boolean confined;

    public DataDirectory(Path root, boolean confined) {
        this.root = root.toAbsolutePath().normalize();
        this.confined = confined;
    }

    /** The data directory of this process's configuration ({@code chillflow.data.dir}, {@code chillflow.data.confined}). */
    public static DataDirectory configured() {
        var config = ConfigProvider.getConfig();
        return new DataDirectory(Path.of(config.getOptionalValue(DIR_KEY, String.class).orElse("data")),
                config.getOptionalValue(CONFINED_KEY, Boolean.class).orElse(true));
    }

    public Path root() {
        return root;
    }

    public boolean confined() {
        return confined;
    }

    /**
     * Lexical resolution: a name inside the data directory, an absolute path inside it, nothing that leaves it
     * (the file system is read only for an absolute path outside the configured spelling, to compare it with the
     * directory's real path). For checks before a file exists; {@link #readFile} and friends also
     * follow symbolic links.
     *
     * @param what the parameter's name, for the error message
     * @throws IllegalArgumentException naming the parameter
     */
    public static Path resolve(Path dataDir, String what, String value) {
        return new DataDirectory(dataDir, true).lexical(what, value);
    }

    /** An existing regular file to read. */
    public Path readFile(String what, String value) throws IOException {
        Path path = existing(what, value);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(what + ": '" + shown(value) + "' is not a regular file");
        }
        return path;
    }

    /** An existing directory to read. */
    public Path readDirectory(String what, String value) throws IOException {
        Path path = existing(what, value);
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException(what + ": '" + shown(value) + "' is not a directory");
        }
        return path;
    }

    /**
     * A directory that may be written: inside the data directory, and so is the nearest part of it that exists
     * already (a symbolic link out of the data directory is refused before anything is created through it).
     * Nothing is created.
     */
    public Path writable(String what, String value) throws IOException {
        if (!confined) {
            return Path.of(required(what, value));
        }
        Path path = lexical(what, value);
        if (!Files.exists(root)) {
            return path;
        }
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !existing.toRealPath().startsWith(root.toRealPath())) {
            throw outside(what, value);
        }
        return path;
    }

    /** A directory to write into, created when missing (with its parents, all inside the data directory). */
    public Path writeDirectory(String what, String value) throws IOException {
        if (!confined) {
            Path path = Path.of(required(what, value));
            Files.createDirectories(path);
            return path;
        }
        Files.createDirectories(root);
        Path realRoot = root.toRealPath();
        Path path = writable(what, value);
        Files.createDirectories(path);
        Path real = path.toRealPath();
        if (!real.startsWith(realRoot)) {
            throw outside(what, value);
        }
        if (!Files.isDirectory(real)) {
            throw new IllegalArgumentException(what + ": '" + shown(value) + "' is not a directory");
        }
        return real;
    }

    /**
     * The input files in the data directory (TLC Parquet and CSV, zone lookups), as paths relative to it: what file
     * parameters accept. Curated output directories and rejects are left out; at most {@code limit}, sorted.
     */
    public List<String> inputFiles(int limit) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root, 3)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> f.matches("(?i).*\\.(parquet|csv|csv\\.gz)$"))
                    .filter(f -> !f.matches(".*\\.curated/.*|.*-curated/.*|.*/rejects/.*"))
                    .sorted().limit(limit).toList();
        }
    }

    /** How a path appears in messages: relative to the data directory when inside it. */
    public String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (confined && absolute.startsWith(root)) {
            String relative = root.relativize(absolute).toString();
            return relative.isEmpty() ? "." : relative;
        }
        return path.toString();
    }

    private Path existing(String what, String value) throws IOException {
        if (!confined) {
            Path path = Path.of(required(what, value));
            if (!Files.exists(path)) {
                throw new NoSuchFileException(value, null, what + " not found");
            }
            return path;
        }
        Path path = lexical(what, value);
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException missing) {
            throw new NoSuchFileException(what + " '" + shown(value) + "'", null, "not found in the data directory");
        }
        if (!real.startsWith(root.toRealPath())) {
            throw outside(what, value);
        }
        return real;
    }

    private Path lexical(String what, String value) {
        String text = required(what, value);
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " must be a file name inside the data directory");
        }
        Path given;
        try {
            given = Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(what + " is not a valid path");
        }
        Path path = given.isAbsolute() ? given.normalize() : root.resolve(given).normalize();
        if (!path.startsWith(root) && !insideRealRoot(path)) {
            throw outside(what, value);
        }
        return path;
    }

    /**
     * Whether an absolute path lies under the data directory's real path: when the configured directory is reached
     * through a symbolic link (the Open Liberty images' /config is one), a path the server resolved once — to its real
     * path — must still pass when a job step checks it again.
     */
    private boolean insideRealRoot(Path path) {
        try {
            return Files.exists(root) && path.startsWith(root.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private static String required(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        return value.trim();
    }

    private static IllegalArgumentException outside(String what, String value) {
        return new IllegalArgumentException(what + " must be a file name inside the data directory, was '"
                + shown(value) + "'");
    }

    /** The caller's own value, made safe for one log line. */
    static String shown(String value) {
        return org.chillflow.core.logging.SafeText.of(value, 200);
    }
}
