package org.chillflow.batch.infrastructure;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Looks the application server's DataSource up in JNDI (the name is defined in server.xml). */
@ApplicationScoped
public class JndiDataSourceProducer {

    public static final String JNDI_NAME = "jdbc/chillflow";

    @Produces
    @ChillflowDatabase
    public DataSource dataSource() {
        try {
            return (DataSource) new InitialContext().lookup(JNDI_NAME);
        } catch (NamingException e) {
            throw new IllegalStateException("DataSource " + JNDI_NAME + " is not bound: " + e.getMessage(), e);
        }
    }
}
