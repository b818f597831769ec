package org.chillflow.cli.batch;

import java.util.Properties;

import jakarta.transaction.TransactionManager;

import org.chillflow.cli.db.CliDatabase;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jberet.repository.JdbcRepository;
import org.jberet.repository.JobRepository;
import org.jberet.se.BatchSEEnvironment;
import org.jberet.spi.ArtifactFactory;
import org.jberet.spi.BatchEnvironment;
import org.jberet.spi.JobTask;
import org.jberet.spi.JobXmlResolver;

/**
 * JBeret SE's environment with the job repository taken from MicroProfile Config instead of a
 * {@code jberet.properties} file on the classpath: JBeret SE reads the repository URL only from that
 * file, while ChillFlow's rule is that every setting is overridable by an environment variable.
 * Everything else (Weld artifact factory, thread pool, local transactions) is JBeret SE's own.
 */
public final class ChillflowBatchEnvironment implements BatchEnvironment {

    private final BatchSEEnvironment delegate = new BatchSEEnvironment();
    private final JobRepository repository;

    public ChillflowBatchEnvironment() {
        String schema = ConfigProvider.getConfig().getValue("chillflow.jberet.schema", String.class);
        Properties properties = new Properties();
        properties.setProperty(BatchSEEnvironment.JOB_REPOSITORY_TYPE_KEY, BatchSEEnvironment.REPOSITORY_TYPE_JDBC);
        repository = new JdbcRepository(CliDatabase.dataSource(schema), properties);
    }

    @Override
    public ClassLoader getClassLoader() {
        return delegate.getClassLoader();
    }

    @Override
    public ArtifactFactory getArtifactFactory() {
        return delegate.getArtifactFactory();
    }

    @Override
    public void submitTask(JobTask task) {
        delegate.submitTask(task);
    }

    @Override
    public TransactionManager getTransactionManager() {
        return delegate.getTransactionManager();
    }

    @Override
    public JobRepository getJobRepository() {
        return repository;
    }

    @Override
    public JobXmlResolver getJobXmlResolver() {
        return delegate.getJobXmlResolver();
    }

    @Override
    public Properties getBatchConfigurationProperties() {
        return delegate.getBatchConfigurationProperties();
    }

    @Override
    public String getApplicationName() {
        return "chillflow-cli";
    }
}
