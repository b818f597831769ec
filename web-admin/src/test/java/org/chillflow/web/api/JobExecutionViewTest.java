package org.chillflow.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobExecutionViewTest {

    @Test
    void metricNamesBecomeCamelCase() {
        assertThat(JobExecutionView.camel("PROCESS_SKIP_COUNT")).isEqualTo("processSkipCount");
        assertThat(JobExecutionView.camel("READ_COUNT")).isEqualTo("readCount");
    }
}
