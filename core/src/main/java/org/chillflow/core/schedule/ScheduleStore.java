package org.chillflow.core.schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.chillflow.core.jdbc.JdbcTransactions;

/**
 * The run-time state of the schedules in {@code ops.schedule}, and the lease that makes a schedule fire once
 * when several servers share the database: {@link #claim} moves a due schedule's {@code next_fire_at}
 * forward with one conditional UPDATE; a second server's UPDATE waits for the first to commit, re-reads the
 * row, finds it no longer due and changes nothing.
 */
public final class ScheduleStore {

    private final DataSource dataSource;

    public ScheduleStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A schedule as listed by the API and the CLI. */
    public record ScheduleState(String name, String job, Map<String, String> parameters, String every,
            String offset, boolean enabled, LocalDateTime nextFireAt, LocalDateTime lastFiredAt, String lastFiredBy,
            Long lastExecutionId, String lastError) {
    }

    /** A schedule this server won: start its job now. */
    public record Claim(String name, String job, Map<String, String> parameters) {
    }

    /**
     * Adds the configured schedules that have no row yet, and brings the others' job, parameters and period
     * up to date (their enabled flag and fire times are run-time state, kept).
     */
    public void register(List<ScheduleDefinition> definitions, LocalDateTime now) throws SQLException {
        JdbcTransactions.inTransaction(dataSource, connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO ops.schedule (name, job_name,"
                    + " parameters, every, offset_in_day, enabled, next_fire_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET job_name = EXCLUDED.job_name, parameters = EXCLUDED.parameters,"
                    + " next_fire_at = CASE WHEN ops.schedule.every = EXCLUDED.every AND ops.schedule.offset_in_day"
                    + " = EXCLUDED.offset_in_day THEN ops.schedule.next_fire_at ELSE EXCLUDED.next_fire_at END,"
                    + " every = EXCLUDED.every, offset_in_day = EXCLUDED.offset_in_day, updated_at = CURRENT_TIMESTAMP")) {
                for (ScheduleDefinition d : definitions) {
                    upsert.setString(1, d.name());
                    upsert.setString(2, d.job());
                    upsert.setString(3, ScheduleDefinition.text(d.parameters()));
                    upsert.setString(4, d.every().toString());
                    upsert.setString(5, d.offset().toString());
                    upsert.setBoolean(6, d.enabled());
                    upsert.setTimestamp(7, Timestamp.valueOf(d.nextAfter(now)));
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            return null;
        });
    }

    /**
     * Claims every enabled schedule due at {@code now} for {@code owner}: each claimed row's next fire time
     * moves to its next slot after {@code now} (a slot missed while no server ran is not replayed).
     */
    public List<Claim> claim(String owner, LocalDateTime now) throws SQLException {
        List<Claim> claims = new ArrayList<>();
        for (ScheduleState due : list()) {
            if (!due.enabled() || due.nextFireAt().isAfter(now)) {
                continue;
            }
            ScheduleDefinition definition = new ScheduleDefinition(due.name(), due.job(), due.parameters(),
                    Duration.parse(due.every()), Duration.parse(due.offset()), true);
            int won = JdbcTransactions.inTransaction(dataSource, connection -> {
                try (PreparedStatement update = connection.prepareStatement("UPDATE ops.schedule SET next_fire_at = ?,"
                        + " last_fired_at = ?, last_fired_by = ?, last_error = NULL, updated_at = CURRENT_TIMESTAMP"
                        + " WHERE name = ? AND enabled AND next_fire_at <= ?")) {
                    update.setTimestamp(1, Timestamp.valueOf(definition.nextAfter(now)));
                    update.setTimestamp(2, Timestamp.valueOf(now));
                    update.setString(3, owner);
                    update.setString(4, due.name());
                    update.setTimestamp(5, Timestamp.valueOf(now));
                    return update.executeUpdate();
                }
            });
            if (won == 1) {
                claims.add(new Claim(due.name(), due.job(), due.parameters()));
            }
        }
        return claims;
    }

    /** What firing a claimed schedule gave: the execution started, or why none was. */
    public void recordFiring(String name, Long executionId, String error) throws SQLException {
        JdbcTransactions.inTransaction(dataSource, connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE ops.schedule SET last_execution_id"
                    + " = coalesce(?, last_execution_id), last_error = ?, updated_at = CURRENT_TIMESTAMP WHERE name = ?")) {
                update.setObject(1, executionId, java.sql.Types.BIGINT);
                update.setString(2, error == null ? null : error.length() > 500 ? error.substring(0, 500) : error);
                update.setString(3, name);
                return update.executeUpdate();
            }
        });
    }

    /** Enables or disables a schedule at run time; enabling sets its next fire time from {@code now}. */
    public Optional<ScheduleState> setEnabled(String name, boolean enabled, LocalDateTime now) throws SQLException {
        Optional<ScheduleState> current = find(name);
        if (current.isEmpty()) {
            return current;
        }
        ScheduleState s = current.get();
        LocalDateTime next = new ScheduleDefinition(s.name(), s.job(), s.parameters(), Duration.parse(s.every()),
                Duration.parse(s.offset()), enabled).nextAfter(now);
        JdbcTransactions.inTransaction(dataSource, connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE ops.schedule SET enabled = ?,"
                    + " next_fire_at = CASE WHEN ? AND NOT enabled THEN ? ELSE next_fire_at END,"
                    + " updated_at = CURRENT_TIMESTAMP WHERE name = ?")) {
                update.setBoolean(1, enabled);
                update.setBoolean(2, enabled);
                update.setTimestamp(3, Timestamp.valueOf(next));
                update.setString(4, name);
                return update.executeUpdate();
            }
        });
        return find(name);
    }

    public Optional<ScheduleState> find(String name) throws SQLException {
        return list().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public List<ScheduleState> list() throws SQLException {
        List<ScheduleState> states = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT name, job_name, parameters, every,"
                        + " offset_in_day, enabled, next_fire_at, last_fired_at, last_fired_by, last_execution_id,"
                        + " last_error FROM ops.schedule ORDER BY name");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                long execution = rows.getLong(10);
                Long lastExecution = rows.wasNull() ? null : execution;
                Timestamp last = rows.getTimestamp(8);
                states.add(new ScheduleState(rows.getString(1), rows.getString(2), ScheduleDefinition.parameters(rows.getString(3)),
                        rows.getString(4), rows.getString(5), rows.getBoolean(6), rows.getTimestamp(7).toLocalDateTime(),
                        last == null ? null : last.toLocalDateTime(), rows.getString(9), lastExecution,
                        rows.getString(11)));
            }
        }
        return states;
    }
}
