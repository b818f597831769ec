package org.chillflow.batch.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class JobCatalogTest {

    private final JobCatalog.JobDefinition seedZones = JobCatalog.find("seed-zones").orElseThrow();

    @Test
    void knowsSeedZonesAndNothingElseByThatName() {
        assertThat(JobCatalog.find("no-such-job")).isEmpty();
        assertThat(seedZones.parameters()).extracting(JobCatalog.Parameter::name)
                .containsExactly("zonesFile", "skipLimit", "failAtLine");
    }

    @Test
    void curateMonthNeedsItsInputFile() {
        JobCatalog.JobDefinition curate = JobCatalog.find("curate-month").orElseThrow();
        assertThatThrownBy(() -> JobCatalog.validate(curate, Map.of("month", "2025-02")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[input]");
        JobCatalog.validate(curate, Map.of("input", "yellow_tripdata_2025-02.parquet", "month", "2025-02"));
    }

    @Test
    void acceptsKnownParameters() {
        JobCatalog.validate(seedZones, Map.of("zonesFile", "/data/zones.csv", "skipLimit", "5"));
    }

    @Test
    void refusesUnknownParametersByName() {
        assertThatThrownBy(() -> JobCatalog.validate(seedZones, Map.of("zoneFile", "x", "month", "2025-02")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[month, zoneFile]");
    }

    @Test
    void fileParametersResolveInsideTheDataDirectoryOnly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path data)
            throws Exception {
        java.nio.file.Files.createDirectories(data.resolve("lookup"));
        java.nio.file.Files.writeString(data.resolve("lookup/zones.csv"), "LocationID,Borough,Zone,service_zone\n");
        assertThat(JobCatalog.resolveFiles(seedZones, Map.of("zonesFile", "lookup/zones.csv", "skipLimit", "3"), data))
                .containsEntry("zonesFile", data.resolve("lookup/zones.csv").toRealPath().toString()).containsEntry("skipLimit", "3");
        assertThatThrownBy(() -> JobCatalog.resolveFiles(seedZones, Map.of("zonesFile", "/etc/passwd"), data))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inside the data directory");
        assertThatThrownBy(() -> JobCatalog.resolveFiles(seedZones, Map.of("zonesFile", "../../etc/passwd"), data))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobCatalog.resolveFiles(seedZones, Map.of("zonesFile", "lookup/nope.csv"), data))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("zonesFile 'lookup/nope.csv' does not exist in the data directory");
        // a symbolic link inside the data directory that leads out of it is refused too, and the server's paths stay unsaid
        java.nio.file.Path outside = java.nio.file.Files.createTempFile("outside", ".csv");
        java.nio.file.Files.createSymbolicLink(data.resolve("lookup/link.csv"), outside);
        assertThatThrownBy(() -> JobCatalog.resolveFiles(seedZones, Map.of("zonesFile", "lookup/link.csv"), data))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inside the data directory")
                .hasMessageNotContaining(data.toString()).hasMessageNotContaining(outside.toString());
        java.nio.file.Files.createSymbolicLink(data.resolve("escape"), outside.getParent());
        assertThatThrownBy(() -> JobCatalog.resolveFiles(JobCatalog.find("curate-month").orElseThrow(),
                Map.of("input", "lookup/zones.csv", "output", "escape/out"), data))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output");
        java.nio.file.Files.delete(outside);
    }

    @Test
    void jobParametersAreCheckedWhenSubmitted() {
        JobCatalog.JobDefinition curate = JobCatalog.find("curate-month").orElseThrow();
        assertThatThrownBy(() -> JobCatalog.validate(curate, java.util.Map.of("input", "x", "chunkSize", "0")))
                .hasMessageContaining("chunkSize");
        assertThatThrownBy(() -> JobCatalog.validate(curate, java.util.Map.of("input", "x", "month", "2025-13")))
                .hasMessageContaining("month");
        assertThatThrownBy(() -> JobCatalog.validate(JobCatalog.find("aggregate-kpis").orElseThrow(),
                java.util.Map.of("mode", "sometimes"))).hasMessageContaining("mode must be one of");
        JobCatalog.validate(curate, java.util.Map.of("input", "x", "month", "2025-02", "chunkSize", "25000", "partitions", "2"));
    }

}
