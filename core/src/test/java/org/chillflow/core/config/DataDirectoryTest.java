package org.chillflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class DataDirectoryTest {

    private static final Path DATA = Path.of("/srv/chillflow/data");

    @Test
    void namesResolveInsideAndAbsolutePathsInsideAreAccepted() {
        assertThat(DataDirectory.resolve(DATA, "input", "2025/feb.parquet")).isEqualTo(Path.of("/srv/chillflow/data/2025/feb.parquet"));
        assertThat(DataDirectory.resolve(DATA, "input", "/srv/chillflow/data/x.csv")).isEqualTo(Path.of("/srv/chillflow/data/x.csv"));
        assertThat(DataDirectory.resolve(DATA, "input", "a/../b.csv")).isEqualTo(Path.of("/srv/chillflow/data/b.csv"));
    }

    @Test
    void pathsLeadingOutAreRefusedNamingTheParameterAndTheDirectory() {
        assertThatThrownBy(() -> DataDirectory.resolve(DATA, "--input", "/etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--input").hasMessageContaining("/etc/passwd")
                .hasMessageNotContaining("/srv/chillflow"); // the server's own paths stay unsaid
        assertThatThrownBy(() -> DataDirectory.resolve(DATA, "input", "../secrets.csv")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataDirectory.resolve(DATA, "input", "/srv/chillflow/data-other/x.csv"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void filesAreCheckedByTheirRealPathsSymbolicLinksIncluded(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
        Path root = java.nio.file.Files.createDirectories(temp.resolve("data"));
        Path secret = java.nio.file.Files.writeString(temp.resolve("secret.csv"), "root:x:0:0\n");
        java.nio.file.Files.writeString(root.resolve("zones.csv"), "LocationID\n");
        java.nio.file.Files.createSymbolicLink(root.resolve("link.csv"), secret);
        java.nio.file.Files.createSymbolicLink(root.resolve("out"), temp);
        DataDirectory data = new DataDirectory(root, true);

        assertThat(data.readFile("zonesFile", "zones.csv")).isEqualTo(root.resolve("zones.csv").toRealPath());
        assertThat(data.display(root.resolve("zones.csv"))).isEqualTo("zones.csv");
        assertThatThrownBy(() -> data.readFile("zonesFile", "link.csv")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("zonesFile must be a file name inside the data directory, was 'link.csv'");
        assertThatThrownBy(() -> data.readFile("zonesFile", secret.toString())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> data.readFile("input", "nope.parquet")).isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining("input 'nope.parquet'").hasMessageNotContaining(root.toString());
        // writing: nothing is created through a link that leads out
        assertThatThrownBy(() -> data.writeDirectory("output", "out/feb.curated")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("output");
        assertThat(temp.resolve("feb.curated")).doesNotExist();
        assertThatThrownBy(() -> data.writeDirectory("output", "../elsewhere")).isInstanceOf(IllegalArgumentException.class);
        assertThat(temp.resolve("elsewhere")).doesNotExist();
        assertThat(data.writeDirectory("output", "feb.curated")).isDirectory().startsWith(root.toRealPath());
        // the command line runs with its user's rights: not confined
        assertThat(new DataDirectory(root, false).readFile("input", secret.toString())).isEqualTo(secret);
    }

    /**
     * A data directory reached through a symbolic link (the Open Liberty images' /config links to the server's
     * directory): a path the server already resolved to its real path passes a job step's check again; the real
     * paths outside stay refused (found by the container suite: ingest-month failed at its curate step).
     */
    @Test
    void aDataDirectoryBehindASymbolicLinkAcceptsItsOwnRealPaths(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
        Path real = java.nio.file.Files.createDirectories(temp.resolve("opt/servers/defaultServer/data"));
        java.nio.file.Files.writeString(real.resolve("month.parquet"), "PAR1");
        Path config = java.nio.file.Files.createSymbolicLink(temp.resolve("config"), real.getParent());
        DataDirectory data = new DataDirectory(config.resolve("data"), true);

        Path resolved = data.readFile("input", "month.parquet");
        assertThat(resolved).isEqualTo(real.resolve("month.parquet").toRealPath());
        assertThat(data.readFile("input", resolved.toString())).isEqualTo(resolved);
        assertThat(data.writeDirectory("output", resolved + ".curated")).isDirectory();
        assertThatThrownBy(() -> data.readFile("input", temp.resolve("opt/servers/defaultServer/server.xml").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input must be a file name inside");
    }
}
