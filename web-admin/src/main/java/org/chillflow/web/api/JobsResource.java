package org.chillflow.web.api;

import org.chillflow.batch.contract.JobCatalog;
import org.chillflow.core.config.ParameterValues;
import org.chillflow.web.security.Roles;
import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import org.chillflow.core.config.DataDirectory;
import org.chillflow.core.ops.JobReports;
import org.chillflow.web.batch.JobLogs;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Start and follow batch jobs. Everything goes through the standard JobOperator, so executions started
 * here, through Liberty's batch REST API or its batchManager CLI share one job repository (PostgreSQL).
 */
@Path("/jobs")
@RequestScoped
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    @Resource(lookup = "jdbc/chillflow-api") // the API pool: statements time out, batch and stream keep theirs
    DataSource dataSource;

    @jakarta.inject.Inject
    org.chillflow.web.persistence.ApiTransactions transactions;

    @Context
    UriInfo uriInfo;

    /** Where input files for jobs started through the API live (relative to the server's output dir). */
    @Inject
    @ConfigProperty(name = "chillflow.data.dir")
    String dataDir;

    private final JobOperator jobs = BatchRuntime.getJobOperator();

    /** This server's job repository, as the ops tables name it (the CLI's is jberet-se). */
    private static final String RUNTIME = "liberty";

    @Inject
    org.chillflow.web.batch.StaleExecutions staleExecutions;

    /** Submits, stops and restarts as the service identity (operators are not batchSubmitters: see JobLauncher). */
    @jakarta.ejb.EJB
    org.chillflow.web.batch.JobLauncher launcher;

    @GET
    @Operation(summary = "The jobs that can be started, with their parameters")
    public List<JobCatalog.JobDefinition> catalogue() {
        return JobCatalog.all();
    }

    @GET
    @Path("/input-files")
    @Operation(summary = "Input files in the data directory (TLC Parquet and CSV, zone lookups), as paths relative to"
            + " it: what file parameters accept; curated output directories are left out")
    public List<String> inputFiles() throws java.io.IOException {
        return new DataDirectory(java.nio.file.Path.of(dataDir), true).inputFiles(500);
    }

    @POST
    @Path("/{job}/executions")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a job; the body is an optional JSON object of job parameters")
    public Response start(@PathParam("job") String job, String body) throws SQLException {
        JobCatalog.JobDefinition definition = known(job);
        Map<String, String> given = JsonBodies.parameters(body);
        JobCatalog.validate(definition, given);
        Map<String, String> resolved = JobCatalog.resolveFiles(definition, given, java.nio.file.Path.of(dataDir));
        Properties properties = new Properties();
        resolved.forEach((k, v) -> {
            if (v != null) {
                properties.setProperty(k, v);
            }
        });
        return created(launcher.start(definition.name(), properties));
    }

    @GET
    @Path("/{job}/executions")
    @Operation(summary = "Executions of one job, newest first")
    public List<JobExecutionView> executions(@PathParam("job") String job,
            @QueryParam("limit") @DefaultValue("20") int limit) throws SQLException {
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit must be between 1 and 500, was " + limit);
        }
        known(job);
        List<JobExecutionView> result = new ArrayList<>();
        int count;
        try {
            count = jobs.getJobInstanceCount(job);
        } catch (NoSuchJobException e) {
            return result;
        }
        for (JobInstance instance : jobs.getJobInstances(job, 0, Math.min(count, limit))) {
            for (JobExecution execution : jobs.getJobExecutions(instance)) {
                result.add(view(execution, instance.getInstanceId()));
            }
        }
        result.sort(Comparator.comparingLong(JobExecutionView::executionId).reversed());
        return result.size() > limit ? result.subList(0, limit) : result;
    }

    @GET
    @Path("/executions/{id}")
    @Operation(summary = "One execution: status, times, parameters, step metrics and rejects by reason")
    public JobExecutionView execution(@PathParam("id") long id) throws SQLException {
        return view(id);
    }

    @GET
    @Path("/executions/{id}/log")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The last 'lines' lines of an execution's job log (Liberty's joblogs: each step's and"
            + " partition's part files, then the job's own), plain text; 404 when the execution or its log does not exist")
    public String log(@PathParam("id") long id, @QueryParam("lines") @DefaultValue("200") int lines) throws java.io.IOException {
        if (lines < 1 || lines > 5_000) {
            throw new IllegalArgumentException("lines must be 1..5000, was " + lines);
        }
        jakarta.batch.runtime.JobExecution execution = jobs.getJobExecution(id);
        long instance = jobs.getJobInstance(id).getInstanceId();
        return JobLogs.tail(execution.getJobName(), instance, id, lines)
                .orElseThrow(() -> new NotFoundException("no job log for execution " + id + " (yet)"));
    }

    @GET
    @Path("/stale")
    @Operation(summary = "Executions left STARTING, STARTED or STOPPING by a server that does not answer any more"
            + " (checked now): they can be marked FAILED, then restarted")
    public List<org.chillflow.web.batch.StaleExecutions.Stale> stale() throws SQLException {
        return staleExecutions.scan();
    }

    @POST
    @Path("/executions/{id}/mark-failed")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Mark FAILED an execution left running by a server that is gone, so it can be restarted;"
            + " 409 when it is not such an execution")
    public JobExecutionView markFailed(@PathParam("id") long id, @Context jakarta.ws.rs.core.SecurityContext security)
            throws SQLException {
        try {
            staleExecutions.markFailed(id, security.getUserPrincipal().getName());
        } catch (IllegalStateException notStale) {
            throw new jakarta.ws.rs.WebApplicationException(org.chillflow.web.problem.Problem.response(
                    Response.Status.CONFLICT, notStale.getMessage()));
        }
        return view(id);
    }

    @POST
    @Path("/executions/{id}/stop")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Ask a running execution to stop: 200 when this server runs it, 202 when another server does"
            + " (it stops it at its next schedule tick)")
    public Response stop(@PathParam("id") long id, @Context SecurityContext caller) throws SQLException {
        boolean elsewhere = launcher.stop(id, caller.getUserPrincipal().getName());
        return Response.status(elsewhere ? Response.Status.ACCEPTED : Response.Status.OK).entity(view(id)).build();
    }

    @POST
    @Path("/executions/{id}/restart")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Restart a failed or stopped execution with its parameters; returns the new execution")
    public Response restart(@PathParam("id") long id) throws SQLException {
        Properties parameters = jobs.getParameters(id);
        return created(launcher.restart(id, parameters == null ? new Properties() : parameters));
    }

    private static JobCatalog.JobDefinition known(String job) {
        return JobCatalog.find(job).orElseThrow(() -> new NotFoundException("no job named '"
                + ParameterValues.shown(job) + "'; see GET /api/jobs"));
    }

    private Response created(long executionId) throws SQLException {
        URI location = uriInfo.getBaseUriBuilder().path(JobsResource.class).path("executions/{id}").build(executionId);
        return Response.created(location).entity(view(executionId)).build();
    }

    private JobExecutionView view(long executionId) throws SQLException {
        JobExecution execution = jobs.getJobExecution(executionId);
        long instanceId = jobs.getJobInstance(executionId).getInstanceId();
        return view(execution, instanceId);
    }

    private JobExecutionView view(JobExecution execution, long instanceId) throws SQLException {
        return JobExecutionView.of(execution, instanceId, jobs.getStepExecutions(execution.getExecutionId()),
                rejectsByReason(execution.getJobName(), instanceId), dqReport(instanceId));
    }

    private JobExecutionView.DqReportView dqReport(long instanceId) throws SQLException {
        JobReports.DqReport report = new JobReports(transactions).dqReport(RUNTIME, instanceId);
        return report == null ? null : JobExecutionView.DqReportView.of(report.input(), report.month(), report.rowsIn(),
                report.rowsOut(), report.retentionRate(), report.counts());
    }

    private Map<String, Long> rejectsByReason(String jobName, long instanceId) throws SQLException {
        return new JobReports(transactions).rejectsByReason(RUNTIME, jobName, instanceId);
    }
}
