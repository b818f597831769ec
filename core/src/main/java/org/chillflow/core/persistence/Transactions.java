package org.chillflow.core.persistence;

import java.util.function.Function;

import jakarta.persistence.EntityManager;

/**
 * A unit of work on an {@link EntityManager} in one transaction: JTA in the server (a CDI bean with
 * {@code @Transactional}), a resource-local transaction on the command line ({@link ResourceLocalTransactions}). The
 * stores and queries of core take one, so the same JPA code runs in both.
 */
public interface Transactions {

    <T> T inTransaction(Function<EntityManager, T> work);
}
