package org.chillflow.core.schedule;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.persistence.PersistenceException;

import org.chillflow.core.persistence.ScheduleEntity;
import org.chillflow.core.persistence.Transactions;

/**
 * The run-time state of the schedules in {@code ops.schedule} (ScheduleEntity), and the lease that makes a schedule
 * fire once when several servers share the database: {@link #claim} moves a due schedule's {@code nextFireAt}
 * forward with one conditional JPQL update; a second server's update waits for the first to commit, re-reads the
 * row, finds it no longer due and changes nothing.
 */
public final class ScheduleStore {

    private final Transactions transactions;

    public ScheduleStore(Transactions transactions) {
        this.transactions = transactions;
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
     * up to date (their enabled flag and fire times are run-time state, kept). Servers starting together may both
     * add a row: the one that loses the insert finds the row on its second try and updates it.
     */
    public void register(List<ScheduleDefinition> definitions, LocalDateTime now) {
        for (ScheduleDefinition d : definitions) {
            try {
                register(d, now);
            } catch (PersistenceException concurrentInsert) {
                register(d, now);
            }
        }
    }

    private void register(ScheduleDefinition d, LocalDateTime now) {
        transactions.inTransaction(em -> {
            ScheduleEntity row = em.find(ScheduleEntity.class, d.name());
            boolean added = row == null;
            if (added) {
                row = new ScheduleEntity(d.name());
                row.setEnabled(d.enabled());
            }
            if (added || !row.getEvery().equals(d.every().toString())
                    || !row.getOffsetInDay().equals(d.offset().toString())) {
                row.setNextFireAt(d.nextAfter(now));
            }
            row.setJobName(d.job());
            row.setParameters(ScheduleDefinition.text(d.parameters()));
            row.setEvery(d.every().toString());
            row.setOffsetInDay(d.offset().toString());
            row.setUpdatedAt(LocalDateTime.now());
            if (added) {
                em.persist(row);
            }
            em.flush();
            return null;
        });
    }

    /**
     * Claims every enabled schedule due at {@code now} for {@code owner}: each claimed row's next fire time
     * moves to its next slot after {@code now} (a slot missed while no server ran is not replayed).
     */
    public List<Claim> claim(String owner, LocalDateTime now) {
        List<Claim> claims = new ArrayList<>();
        for (ScheduleState due : list()) {
            if (!due.enabled() || due.nextFireAt().isAfter(now)) {
                continue;
            }
            ScheduleDefinition definition = new ScheduleDefinition(due.name(), due.job(), due.parameters(),
                    Duration.parse(due.every()), Duration.parse(due.offset()), true);
            int won = transactions.inTransaction(em -> em.createQuery("update ScheduleEntity s set s.nextFireAt = :next,"
                    + " s.lastFiredAt = :now, s.lastFiredBy = :owner, s.lastError = null, s.updatedAt = local datetime"
                    + " where s.name = :name and s.enabled = true and s.nextFireAt <= :now")
                    .setParameter("next", definition.nextAfter(now)).setParameter("now", now)
                    .setParameter("owner", owner).setParameter("name", due.name()).executeUpdate());
            if (won == 1) {
                claims.add(new Claim(due.name(), due.job(), due.parameters()));
            }
        }
        return claims;
    }

    /** What firing a claimed schedule gave: the execution started, or why none was. */
    public void recordFiring(String name, Long executionId, String error) {
        transactions.inTransaction(em -> {
            ScheduleEntity row = em.find(ScheduleEntity.class, name);
            if (row != null) {
                if (executionId != null) {
                    row.setLastExecutionId(executionId);
                }
                row.setLastError(error == null ? null : error.length() > 500 ? error.substring(0, 500) : error);
                row.setUpdatedAt(LocalDateTime.now());
            }
            return null;
        });
    }

    /** Enables or disables a schedule at run time; enabling sets its next fire time from {@code now}. */
    public Optional<ScheduleState> setEnabled(String name, boolean enabled, LocalDateTime now) {
        return transactions.inTransaction(em -> {
            ScheduleEntity row = em.find(ScheduleEntity.class, name, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (row == null) {
                return Optional.empty();
            }
            if (enabled && !row.isEnabled()) {
                row.setNextFireAt(new ScheduleDefinition(row.getName(), row.getJobName(),
                        ScheduleDefinition.parameters(row.getParameters()), Duration.parse(row.getEvery()),
                        Duration.parse(row.getOffsetInDay()), true).nextAfter(now));
            }
            row.setEnabled(enabled);
            row.setUpdatedAt(LocalDateTime.now());
            return Optional.of(state(row));
        });
    }

    public Optional<ScheduleState> find(String name) {
        return transactions.inTransaction(em -> Optional.ofNullable(em.find(ScheduleEntity.class, name))
                .map(ScheduleStore::state));
    }

    public List<ScheduleState> list() {
        return transactions.inTransaction(em -> em.createQuery("select s from ScheduleEntity s order by s.name",
                ScheduleEntity.class).getResultStream().map(ScheduleStore::state).toList());
    }

    private static ScheduleState state(ScheduleEntity s) {
        return new ScheduleState(s.getName(), s.getJobName(), ScheduleDefinition.parameters(s.getParameters()),
                s.getEvery(), s.getOffsetInDay(), s.isEnabled(), s.getNextFireAt(), s.getLastFiredAt(),
                s.getLastFiredBy(), s.getLastExecutionId(), s.getLastError());
    }
}
