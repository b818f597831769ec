package org.chillflow.core.config;

import java.nio.file.Path;

/**
 * Job input and output paths named by users live under one data directory ({@code chillflow.data.dir}):
 * a name is resolved inside it, and an absolute path or one that climbs out of it is refused, so that a
 * request cannot make a job read or write any file the process can reach.
 */
public final class DataDirectory {

    private DataDirectory() {
    }

    /**
     * @param what the parameter's name, for the error message
     * @throws IllegalArgumentException naming the parameter, the value and the data directory
     */
    public static Path resolve(Path dataDir, String what, String value) {
        Path root = dataDir.toAbsolutePath().normalize();
        Path given = Path.of(value);
        Path path = given.isAbsolute() ? given.normalize() : root.resolve(given).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException(what + " must be a file name inside the data directory (" + root
                    + "), was '" + value + "'");
        }
        return path;
    }
}
