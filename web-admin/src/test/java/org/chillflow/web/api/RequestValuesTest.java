package org.chillflow.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;

import org.junit.jupiter.api.Test;

class RequestValuesTest {

    @Test
    void monthsAndDatesOutsideTheYearsAProgramCanStoreAreRefusedNamingTheParameter() {
        assertThat(RequestValues.month("month", "2025-02", true)).isEqualTo(YearMonth.of(2025, 2));
        assertThatThrownBy(() -> RequestValues.month("month", "+999999999-12", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("month must be YYYY-MM");
        assertThatThrownBy(() -> RequestValues.month("month", "1900-01", false)).hasMessageContaining("years 1970..2200");
        assertThatThrownBy(() -> RequestValues.date("from", "9999-01-01")).hasMessageStartingWith("from must lie");
        assertThatThrownBy(() -> RequestValues.time("to", "+999999999-01-01")).hasMessageStartingWith("to must be");
    }

    @Test
    void wholeNumbersInARange() {
        assertThat(RequestValues.integer("chunkSize", " 500 ", 100, 1000)).isEqualTo(500);
        assertThatThrownBy(() -> RequestValues.integer("chunkSize", "lots", 100, 1000))
                .hasMessage("chunkSize must be a whole number, was 'lots'");
        assertThatThrownBy(() -> RequestValues.integer("partitions", "64", 1, 16))
                .hasMessage("partitions must be between 1 and 16, was 64");
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

    @Test
    void bodiesMustBeJsonObjectsOfStringsOrNumbers() {
        assertThat(JsonBodies.parameters("")).isEmpty();
        assertThat(JsonBodies.parameters("{\"chunkSize\": 500, \"input\": \"a.parquet\", \"month\": null}"))
                .containsEntry("chunkSize", "500").containsEntry("input", "a.parquet").doesNotContainKey("month");
        assertThatThrownBy(() -> JsonBodies.parameters("[1]")).hasMessageContaining("was a JSON array");
        assertThatThrownBy(() -> JsonBodies.parameters("{\"a\": [1]}")).hasMessageContaining("'a' must be a string or a number");
        assertThatThrownBy(() -> JsonBodies.parameters("{")).hasMessageContaining("not JSON");
    }
}
