package org.chillflow.batch.infrastructure;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.inject.Qualifier;

/**
 * The ChillFlow PostgreSQL database as batch artifacts see it. Inside Liberty it is the container's
 * {@code jdbc/chillflow} DataSource ({@link JndiDataSourceProducer}); under JBeret SE the CLI provides an
 * alternative producer, so the same artifacts run unchanged in both.
 */
@Qualifier
@Retention(RUNTIME)
@Target({ TYPE, METHOD, FIELD, PARAMETER })
public @interface ChillflowDatabase {
}
