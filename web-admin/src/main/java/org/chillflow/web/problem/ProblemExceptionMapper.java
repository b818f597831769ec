package org.chillflow.web.problem;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.batch.operations.JobExecutionAlreadyCompleteException;
import jakarta.batch.operations.JobExecutionIsRunningException;
import jakarta.batch.operations.JobExecutionNotMostRecentException;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.JobRestartException;
import jakarta.batch.operations.JobSecurityException;
import jakarta.batch.operations.JobStartException;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Turns every exception that leaves a resource into a problem+json response with a fitting status. */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class.getName());

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(Throwable exception) {
        String instance = uriInfo == null ? null : uriInfo.getRequestUri().getPath();
        // an EJB (JobLauncher) wraps what it throws: the batch container's exception decides the status
        while (exception instanceof jakarta.ejb.EJBException && exception.getCause() != null) {
            exception = exception.getCause();
        }
        if (exception instanceof WebApplicationException web) {
            Response.StatusType status = web.getResponse().getStatusInfo();
            java.util.regex.Matcher parameter = UNCONVERTIBLE.matcher(String.valueOf(web.getMessage()));
            if (status.getStatusCode() == 404 && web.getCause() != null && parameter.find()) {
                // JAX-RS answers 404 when a path or query parameter does not convert: it is the request that is wrong
                return Problem.response(Status.BAD_REQUEST, parameter.group(1) + " must be a whole number, was '"
                        + org.chillflow.core.logging.SafeText.of(parameter.group(2), 100) + "'", instance);
            }
            String detail = switch (status.getStatusCode()) {
                case 401 -> "authentication required: send HTTP basic credentials of a ChillFlow user";
                case 403 -> "your role does not allow this request";
                case 400 -> bodyProblem(web);
                default -> web.getMessage();
            };
            return Problem.response(status, detail, instance);
        }
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLTransientConnectionException) {
                // the API's pool (jdbc/chillflow-api) is all in use: overload, not a fault; the batch jobs and the
                // stream have their own pool
                return Response.fromResponse(Problem.response(Status.SERVICE_UNAVAILABLE,
                        "all of the API's database connections are in use: retry shortly", instance))
                        .header("Retry-After", "5").build();
            }
        }
        if (exception instanceof org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException) {
            return Response.fromResponse(Problem.response(Status.SERVICE_UNAVAILABLE, "Redis is unavailable (the last"
                    + " reads failed; the next is tried in a few seconds): retry shortly", instance))
                    .header("Retry-After", "5").build();
        }
        Status status = statusOf(exception);
        if (status == Status.SERVICE_UNAVAILABLE && org.chillflow.core.jdbc.ConnectionLoss.of(exception)) {
            LOG.log(Level.WARNING, "database unavailable on " + instance + ": " + exception);
            return Response.fromResponse(Problem.response(status,
                    "the database is unavailable (its connection dropped): retry shortly", instance))
                    .header("Retry-After", "5").build();
        }
        if (status == Status.SERVICE_UNAVAILABLE) {
            LOG.log(Level.WARNING, "Redis unavailable on " + instance + ": " + exception);
            return Problem.response(status, "Redis is unavailable: " + exception.getMessage(), instance);
        }
        if (status == Status.INTERNAL_SERVER_ERROR) {
            LOG.log(Level.SEVERE, "Unhandled error on " + instance, exception);
            return Problem.response(status, "internal error (" + exception.getClass().getSimpleName()
                    + "); see the server log", instance);
        }
        return Problem.response(status, exception.getMessage(), instance);
    }

    /** RESTEasy's message for a path or query parameter that does not convert to its Java type. */
    private static final java.util.regex.Pattern UNCONVERTIBLE = java.util.regex.Pattern
            .compile("(?:Path|Query)Param\\(\"([^\"]+)\"\\) value is '(.*)'");
    private static final java.util.regex.Pattern PROPERTY = java.util.regex.Pattern.compile("property '([^']+)'");

    /** What was wrong with a body the provider could not read, in the caller's terms (no class names). */
    static String bodyProblem(WebApplicationException web) {
        String text = String.valueOf(web.getCause() != null ? web.getCause().getMessage() : web.getMessage());
        java.util.regex.Matcher property = PROPERTY.matcher(text);
        if (property.find()) {
            return "request body: '" + org.chillflow.core.logging.SafeText.of(property.group(1), 100) + "' has the wrong type";
        }
        return "request body must be a JSON object (see the API description at /openapi)";
    }

    static Status statusOf(Throwable exception) {
        if (exception instanceof NoSuchJobException || exception instanceof NoSuchJobExecutionException) {
            return Status.NOT_FOUND;
        }
        if (exception instanceof JobSecurityException) {
            return Status.FORBIDDEN;
        }
        if (exception instanceof JobExecutionIsRunningException
                || exception instanceof JobExecutionNotRunningException
                || exception instanceof JobExecutionAlreadyCompleteException
                || exception instanceof JobExecutionNotMostRecentException
                || exception instanceof JobRestartException) {
            return Status.CONFLICT;
        }
        if (exception instanceof JobStartException) {
            return Status.BAD_REQUEST;
        }
        if (exception instanceof IllegalArgumentException || exception instanceof JsonbException) {
            return Status.BAD_REQUEST;
        }
        if (exception instanceof redis.clients.jedis.exceptions.JedisConnectionException
                || exception instanceof redis.clients.jedis.exceptions.JedisClusterOperationException
                || org.chillflow.core.jdbc.ConnectionLoss.of(exception)) {
            return Status.SERVICE_UNAVAILABLE; // a backing service is away (a restart, a failover): try again
        }
        return Status.INTERNAL_SERVER_ERROR;
    }
}
