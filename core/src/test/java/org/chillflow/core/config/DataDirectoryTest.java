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
                .hasMessageContaining("--input").hasMessageContaining("/srv/chillflow/data").hasMessageContaining("/etc/passwd");
        assertThatThrownBy(() -> DataDirectory.resolve(DATA, "input", "../secrets.csv")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataDirectory.resolve(DATA, "input", "/srv/chillflow/data-other/x.csv"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
