package org.chillflow.web.persistence;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import org.chillflow.core.persistence.Transactions;

/**
 * Units of work of the server itself (the schedules' lease, the start-up check) on the {@code chillflow} persistence
 * unit: each in a JTA transaction of its own, so a claimed lease commits before its job starts.
 */
@ApplicationScoped
public class ServerTransactions implements Transactions {

    @PersistenceContext(unitName = "chillflow")
    EntityManager em;

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public <T> T inTransaction(Function<EntityManager, T> work) {
        return work.apply(em);
    }
}
