package org.chillflow.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;

import org.junit.jupiter.api.Test;

class ParameterValuesTest {

    @Test
    void monthsAndDatesOutsideTheYearsAProgramCanStoreAreRefusedNamingTheParameter() {
        assertThat(ParameterValues.month("month", "2025-02", true)).isEqualTo(YearMonth.of(2025, 2));
        assertThatThrownBy(() -> ParameterValues.month("month", "+999999999-12", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("month must be YYYY-MM");
        assertThatThrownBy(() -> ParameterValues.month("month", "1900-01", false)).hasMessageContaining("years 1970..2200");
        assertThatThrownBy(() -> ParameterValues.date("from", "9999-01-01")).hasMessageStartingWith("from must lie");
        assertThatThrownBy(() -> ParameterValues.time("to", "+999999999-01-01")).hasMessageStartingWith("to must be");
    }

    @Test
    void wholeNumbersInARange() {
        assertThat(ParameterValues.integer("chunkSize", " 500 ", 100, 1000)).isEqualTo(500);
        assertThatThrownBy(() -> ParameterValues.integer("chunkSize", "lots", 100, 1000))
                .hasMessage("chunkSize must be a whole number, was 'lots'");
        assertThatThrownBy(() -> ParameterValues.integer("partitions", "64", 1, 16))
                .hasMessage("partitions must be between 1 and 16, was 64");
    }

}
