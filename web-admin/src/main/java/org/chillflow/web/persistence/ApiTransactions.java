package org.chillflow.web.persistence;

import java.util.function.Function;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;

import org.chillflow.core.persistence.ResourceLocalTransactions;
import org.chillflow.core.persistence.Transactions;

/**
 * The API's units of work on the {@code chillflow-api} persistence unit, on the API's own pool (its statements time
 * out; batch and stream keep their connections). That pool is not enlisted in JTA, so the unit is resource-local and
 * each request's read or change is a local transaction of its own.
 */
@ApplicationScoped
public class ApiTransactions implements Transactions {

    @PersistenceUnit(unitName = "chillflow-api")
    EntityManagerFactory factory;

    private Transactions local;

    @PostConstruct
    void init() {
        local = new ResourceLocalTransactions(factory);
    }

    @Override
    public <T> T inTransaction(Function<EntityManager, T> work) {
        return local.inTransaction(work);
    }
}
