package org.chillflow.web.api;

import org.chillflow.core.config.ParameterValues;
import org.chillflow.web.security.Roles;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;
import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.chillflow.core.kpi.KpiQueries;
import org.chillflow.core.kpi.ZoneHourlyKpi;
import org.chillflow.web.persistence.ApiTransactions;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The KPI mart: hourly rows (paged), a month's summary, exports, daily rollups, benchmark queries, status. */
@Path("/kpis")
@RequestScoped
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
public class KpisResource {

    static final int MAX_PAGE_SIZE = 1_000;

    @Inject
    ApiTransactions transactions;

    /** Exports hold a cursor for as long as the client downloads: a pool of their own (server.xml), a local unit. */
    @PersistenceUnit(unitName = "chillflow-export")
    EntityManagerFactory exports;

    @GET
    @Path("/zones/hourly")
    @Operation(summary = "Hourly KPIs per pickup zone (mart.zone_hourly_kpis), paged; from/to are"
            + " YYYY-MM-DD or YYYY-MM-DDTHH:MM, to exclusive")
    public KpiQueries.Page<ZoneHourlyKpi> hourly(@QueryParam("zone") Integer zone, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("100") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE);
        }
        return queries().hourly(zone, time("from", from), time("to", to), page, size);
    }

    @GET
    @Path("/summary")
    @Operation(summary = "A month at a glance: trips, zones, hours, trip-weighted averages, busiest zones")
    public KpiQueries.MonthSummary summary(@QueryParam("month") String month,
            @QueryParam("busiest") @DefaultValue("10") int busiest) {
        return queries().summary(month("month", month, true), Math.max(1, Math.min(busiest, 265)));
    }

    @GET
    @Path("/export")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    @Operation(summary = "Every hourly KPI row (of a month, or all), streamed as CSV or JSON")
    public Response export(@QueryParam("format") @DefaultValue("csv") String format,
            @QueryParam("month") String month) {
        YearMonth selected = month("month", month, false);
        if (!format.equals("csv") && !format.equals("json")) {
            throw new IllegalArgumentException("format must be csv or json, was '" + ParameterValues.shown(format) + "'");
        }
        // the transaction, and with it the connection, taken before answering: a full export pool is a 503 now,
        // not a download that breaks off
        EntityManager em = exports.createEntityManager();
        try {
            em.getTransaction().begin();
        } catch (RuntimeException e) {
            em.close();
            throw new IllegalStateException("export: no database connection", e);
        }
        String name = "zone-hourly-kpis" + (selected == null ? "" : "-" + selected);
        StreamingOutput body;
        String type;
        switch (format) {
            case "csv" -> {
                type = "text/csv";
                body = out -> {
                    try (Closeable done = () -> finish(em)) {
                    BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                    CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder()
                            .setHeader(ZoneHourlyKpi.COLUMNS).build());
                    KpiQueries.forEachHourly(em, selected, kpi -> {
                        try {
                            csv.printRecord(kpi.values());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                    csv.flush();
                    }
                };
            }
            case "json" -> {
                type = MediaType.APPLICATION_JSON;
                body = out -> {
                    try (Closeable done = () -> finish(em)) {
                    JsonGenerator json = Json.createGenerator(out);
                    json.writeStartArray();
                    KpiQueries.forEachHourly(em, selected, kpi -> {
                        json.writeStartObject();
                        Object[] values = kpi.values();
                        for (int i = 0; i < values.length; i++) {
                            Object v = values[i];
                            if (v == null) {
                                json.writeNull(ZoneHourlyKpi.COLUMNS[i]);
                            } else if (v instanceof Integer n) {
                                json.write(ZoneHourlyKpi.COLUMNS[i], n);
                            } else if (v instanceof java.math.BigDecimal d) {
                                json.write(ZoneHourlyKpi.COLUMNS[i], d);
                            } else {
                                json.write(ZoneHourlyKpi.COLUMNS[i], v.toString());
                            }
                        }
                        json.writeEnd();
                    });
                    json.writeEnd();
                    json.flush();
                    }
                };
            }
            default -> throw new IllegalArgumentException("format must be csv or json, was '" + format + "'");
        }
        return Response.ok(body, type)
                .header("Content-Disposition", "attachment; filename=\"" + name + "." + format + "\"").build();
    }

    @GET
    @Path("/daily")
    @Operation(summary = "Daily rollup per zone (by=zone) or per borough (by=borough), trip-weighted averages")
    public List<Map<String, Object>> daily(@QueryParam("by") @DefaultValue("zone") String by,
            @QueryParam("from") String from, @QueryParam("to") String to) {
        if (!by.equals("zone") && !by.equals("borough")) {
            throw new IllegalArgumentException("by must be zone or borough, was '" + by + "'");
        }
        return queries().daily(by.equals("borough"), date("from", from), date("to", to));
    }

    @GET
    @Path("/benchmarks")
    @Operation(summary = "The names of the four classic NYC-taxi benchmark queries")
    public List<String> benchmarks() {
        return KpiQueries.BENCHMARKS.keySet().stream().sorted().toList();
    }

    @GET
    @Path("/benchmarks/{name}")
    @Operation(summary = "One classic NYC-taxi benchmark query over the loaded trips")
    public List<Map<String, Object>> benchmark(@PathParam("name") String name) {
        if (!KpiQueries.BENCHMARKS.containsKey(name)) {
            throw new jakarta.ws.rs.NotFoundException("no benchmark query '" + name + "'; known: " + benchmarks());
        }
        return queries().benchmark(name);
    }

    @GET
    @Path("/status")
    @Operation(summary = "KPI rows, hours covered, high-water mark and the last aggregation run")
    public KpiQueries.Status status() {
        return queries().status();
    }

    private KpiQueries queries() {
        return new KpiQueries(transactions);
    }

    /** An export reads only: its transaction ends in a rollback, which also closes the cursor. */
    private static void finish(EntityManager em) {
        try {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
        } finally {
            em.close();
        }
    }

    static LocalDateTime time(String name, String value) {
        return ParameterValues.time(name, value);
    }

    static LocalDate date(String name, String value) {
        return ParameterValues.date(name, value);
    }

    static YearMonth month(String name, String value, boolean required) {
        return ParameterValues.month(name, value, required);
    }
}
