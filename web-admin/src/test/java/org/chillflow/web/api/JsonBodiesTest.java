package org.chillflow.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonBodiesTest {

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
