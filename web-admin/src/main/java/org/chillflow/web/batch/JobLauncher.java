package org.chillflow.web.batch;

import java.util.Properties;

import jakarta.annotation.security.RolesAllowed;
import jakarta.annotation.security.RunAs;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import org.chillflow.web.security.Roles;

/**
 * Starts, stops and restarts jobs for the API's operators, as the service identity {@code scheduler}
 * ({@code @RunAs(operator)}, server.xml's run-as user). Liberty's batch roles are what its batch REST API checks
 * too: were operators {@code batchSubmitter}s themselves, they could submit any job with any parameters through
 * {@code /ibm/api/batch} and {@code batchManager}, past this API's validation. So only the service identity and
 * admins ({@code batchAdmin}) may submit; operators and viewers only read there ({@code batchMonitor}). The batch
 * artifacts confine every path to the data directory whatever the route (see DataDirectory).
 */
@Stateless
@RunAs(Roles.OPERATOR)
@RolesAllowed(Roles.OPERATOR)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // the batch container runs its own transactions
public class JobLauncher {

    public long start(String job, Properties parameters) {
        return operator().start(job, parameters);
    }

    public long restart(long executionId, Properties parameters) {
        return operator().restart(executionId, parameters);
    }

    /**
     * Stops an execution this server runs; one that another server runs is asked to stop through
     * {@link StopRequests} (true: requested, the other server stops it at its next schedule tick).
     */
    public boolean stop(long executionId, String user) throws java.sql.SQLException {
        try {
            operator().stop(executionId);
            return false;
        } catch (jakarta.batch.operations.JobExecutionNotRunningException notHere) {
            if (stopRequests.request(executionId, user)) {
                return true;
            }
            throw notHere;
        }
    }

    @jakarta.inject.Inject
    StopRequests stopRequests;

    private static JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }
}
