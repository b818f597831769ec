package org.chillflow.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import jakarta.ws.rs.core.Response.Status;

import org.junit.jupiter.api.Test;

class ProblemExceptionMapperTest {

    @Test
    void aBackingServiceAwayIsA503AndAnythingUnknownA500() {
        assertThat(ProblemExceptionMapper.statusOf(new IllegalStateException("query failed",
                new SQLException("terminating connection due to administrator command", "57P01"))))
                .isEqualTo(Status.SERVICE_UNAVAILABLE);
        assertThat(ProblemExceptionMapper.statusOf(new redis.clients.jedis.exceptions.JedisConnectionException("refused")))
                .isEqualTo(Status.SERVICE_UNAVAILABLE);
        assertThat(ProblemExceptionMapper.statusOf(new SQLException("syntax error", "42601")))
                .isEqualTo(Status.INTERNAL_SERVER_ERROR);
        assertThat(ProblemExceptionMapper.statusOf(new IllegalArgumentException("bad month"))).isEqualTo(Status.BAD_REQUEST);
    }
}
