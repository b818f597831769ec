package org.chillflow.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;

import org.junit.jupiter.api.Test;

class ConnectionLossTest {

    @Test
    void aLostConnectionIsToldFromAWrongStatement() {
        assertThat(ConnectionLoss.of(new SQLException("I/O error", "08006"))).isTrue();
        assertThat(ConnectionLoss.of(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(ConnectionLoss.of(new SQLException("starting up", "57P03"))).isTrue();
        assertThat(ConnectionLoss.of(new SQLRecoverableException("stale"))).isTrue();
        assertThat(ConnectionLoss.of(
                new IllegalStateException("wrapped", new SQLException("closed", "08003")))).isTrue();
        assertThat(ConnectionLoss.of(new SQLException("no such table", "42P01"))).isFalse();
        assertThat(ConnectionLoss.of(new SQLException("no state"))).isFalse();
        assertThat(ConnectionLoss.of(new IllegalStateException("not SQL"))).isFalse();
    }
}
