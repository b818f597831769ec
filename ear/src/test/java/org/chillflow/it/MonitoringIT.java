package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chillflow.it.ChillflowServer.awaitJson;
import static org.chillflow.it.ChillflowServer.object;
import static org.chillflow.it.ChillflowServer.postJson;
import static org.chillflow.it.ChillflowServer.terminal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;

/**
 * The monitoring kit against the real thing: Prometheus's own promtool (Debian package, installed by
 * {@code bin/services promtool}) checks the config and the alert rules and runs the rules' unit tests; every
 * metric name a Grafana dashboard or an alert rule uses must be one the running server exports.
 */
@MicroShedTest
class MonitoringIT {

    private static final Path MONITORING = Path.of(System.getProperty("chillflow.it.project.dir"), "monitoring");
    private static final Pattern METRIC = Pattern.compile("\\b(chillflow_[a-z_]+)");

    @BeforeAll
    static void ready() {
        ChillflowServer.awaitReady(Duration.ofMinutes(3));
    }

    @Test
    void promtoolAcceptsTheConfigAndTheRulesAndTheirUnitTestsPass() throws Exception {
        assertThat(promtool("check", "config", MONITORING.resolve("prometheus.yml").toString())).contains("SUCCESS");
        assertThat(promtool("check", "rules", MONITORING.resolve("alerts/chillflow.rules.yml").toString())).contains("SUCCESS: 7 rules found");
        assertThat(promtool("test", "rules", MONITORING.resolve("alerts/chillflow.rules.test.yml").toString())).contains("SUCCESS");
    }

    @Test
    void everyMetricTheDashboardsAndRulesNameIsExportedByTheServer() throws Exception {
        exerciseEverything();
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.list(MONITORING.resolve("grafana/dashboards"))) {
            for (Path dashboard : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                used.addAll(names(Files.readString(dashboard)));
            }
        }
        assertThat(used).as("dashboards name metrics").hasSizeGreaterThan(10);
        used.addAll(names(Files.readString(MONITORING.resolve("alerts/chillflow.rules.yml"))));
        Set<String> exported = new TreeSet<>();
        for (String line : ChillflowServer.get("/metrics", null).body().split("\n")) {
            if (!line.startsWith("#") && line.startsWith("chillflow_")) {
                String name = line.split("[{ ]")[0];
                exported.add(name);
                exported.add(name.replaceAll("_(count|sum|max|bucket)$", ""));
            }
        }
        assertThat(exported).containsAll(used);
    }

    /** The test server writes messages.log as JSON (WLP_LOGGING_MESSAGE_FORMAT=json): our batch lines carry their fields. */
    @Test
    void batchLogLinesCarryJobExecutionAndStepFields() throws Exception {
        long id = ingestAMonth();
        Path log = Path.of(System.getProperty("chillflow.it.wlp.dir"), "usr", "servers", System.getProperty("chillflow.it.server.name"),
                "logs", "messages.log");
        List<String> lines = Files.readAllLines(log).stream()
                .filter(l -> l.contains("\"ext_execution\":\"" + id + "\"")).toList();
        assertThat(lines).as("log lines of execution " + id).isNotEmpty()
                .anySatisfy(l -> assertThat(l).contains("\"ext_job\":\"ingest-month\"", "\"ext_step\":\"curate\"", "curate-month"))
                .anySatisfy(l -> assertThat(l).contains("\"ext_step\":\"aggregate\"", "aggregate-kpis"));
    }

    private static long ingestAMonth() throws Exception {
        Path data = Files.createDirectories(Path.of(System.getProperty("chillflow.it.wlp.dir"), "usr", "servers",
                System.getProperty("chillflow.it.server.name"), "data"));
        Files.copy(Path.of(System.getProperty("chillflow.it.project.dir"), "data", "nyc", "great_expectations",
                "yellow_tripdata_sample_2019-02.csv"), data.resolve("monitoring-2019-02.csv"), StandardCopyOption.REPLACE_EXISTING);
        var started = postJson("/api/jobs/ingest-month/executions", "operator", "{\"input\":\"monitoring-2019-02.csv\",\"month\":\"2019-02\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        long id = object(started).getJsonNumber("executionId").longValue();
        assertThat(awaitJson("/api/jobs/executions/" + id, "viewer", Duration.ofMinutes(2), e -> terminal(e.getString("batchStatus")))
                .getString("batchStatus")).isEqualTo("COMPLETED");
        return id;
    }

    /** Makes every lazily created series exist: a month ingested, a trip event, zone events good and bad. */
    private static void exerciseEverything() throws Exception {
        ingestAMonth();
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", System.getProperty("chillflow.it.kafka.bootstrap"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("trip-events", "monitoring-it", "not an event"));
            // a new trip at the current time: a new window of the topic's live traffic, later than any before
            producer.send(new ProducerRecord<>("zone-events", "7", "{\"trip_id\":\"monitoring-" + java.util.UUID.randomUUID()
                    + "\",\"region_id\":7,\"event_time\":\"" + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + "\",\"fare\":10,\"duration\":600,\"distance\":2}"));
            producer.send(new ProducerRecord<>("zone-events", "7", "{\"trip_id\":\"monitoring-it-bad\",\"region_id\":7}"));
        }
        // until the aggregator has counted them and made the window final (the test server: 5 s of quiet)
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        while (java.time.Instant.now().isBefore(deadline)) {
            String metrics = ChillflowServer.get("/metrics", null).body();
            if (metrics.contains("chillflow_windows_emitted_total") && metrics.contains("chillflow_windows_invalid_events_total")
                    && metrics.contains("chillflow_stream_events_total")) {
                return;
            }
            ChillflowServer.sleep(500);
        }
    }

    private static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "/usr/bin/promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).directory(MONITORING.toFile()).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }
}
