package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;
import org.yaml.snakeyaml.Yaml;

/**
 * The container image's inputs and the OpenShift manifests, checked without a container engine or a cluster:
 * every file the Containerfile copies exists after the build and the base image is the Liberty the build runs;
 * every manifest parses, every kustomize reference exists; the probes' paths answer on the running test server
 * and their port is server.xml's HTTPS port; every environment variable the manifests set is a setting the
 * server reads; the in-cluster services and topics are the ones the ConfigMap names.
 */
@MicroShedTest
class DeploymentManifestsIT {

    private static final Path ROOT = Path.of(System.getProperty("chillflow.it.project.dir"));
    private static final Path OPENSHIFT = ROOT.resolve("deploy/openshift");

    @BeforeAll
    static void ready() {
        ChillflowServer.awaitReady(java.time.Duration.ofMinutes(3));
    }

    @Test
    void theContainerfileCopiesWhatTheBuildMakesOntoTheLibertyItRuns() throws IOException {
        String containerfile = Files.readString(OPENSHIFT.resolve("Containerfile"));
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher version = Pattern.compile("<openliberty.runtime.version>([^<]+)<").matcher(pom);
        assertThat(version.find()).isTrue();
        assertThat(containerfile).contains("ARG BASE=icr.io/appcafe/open-liberty:" + version.group(1) + "-kernel-slim-")
                .contains("FROM ${BASE}")
                .contains("RUN features.sh").contains("configure.sh");
        Matcher copy = Pattern.compile("(?m)^COPY --chown=1001:0 (.+) (\\S+)$").matcher(containerfile);
        int copies = 0;
        while (copy.find()) {
            copies++;
            for (String source : copy.group(1).trim().split("\\s+")) {
                assertThat(ROOT.resolve(source)).as("COPY source " + source).exists();
                assertThat(source).as("no development passwords in the image").doesNotEndWith("server.env");
            }
        }
        assertThat(copies).as("the server configuration, the driver, the EAR, server-address.xml").isEqualTo(4);
    }

    @Test
    void theManifestsParseAndEveryReferenceHolds() throws Exception {
        Map<String, Map<String, Object>> byKindAndName = new HashMap<>();
        List<Path> kustomizations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(OPENSHIFT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(file))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> manifest = (Map<String, Object>) doc;
                    assertThat(manifest).as(file.toString()).containsKeys("apiVersion", "kind");
                    if (file.getFileName().toString().equals("kustomization.yaml")) {
                        kustomizations.add(file);
                        for (String key : List.of("resources", "components")) {
                            for (Object ref : list(manifest.get(key))) {
                                assertThat(file.getParent().resolve(ref.toString())).as(file + " -> " + ref).exists();
                            }
                        }
                        for (Object generator : list(manifest.get("secretGenerator"))) {
                            for (Object env : list(((Map<?, ?>) generator).get("envs"))) {
                                assertThat(file.getParent().resolve(env + ".example")).as("the example of " + env).exists();
                            }
                        }
                    } else {
                        byKindAndName.put(manifest.get("kind") + "/" + ((Map<?, ?>) manifest.get("metadata")).get("name"), manifest);
                    }
                }
            }
        }
        assertThat(kustomizations).hasSize(5);

        Map<String, Object> app = byKindAndName.get("OpenLibertyApplication/chillflow");
        Map<?, ?> spec = (Map<?, ?>) app.get("spec");
        String httpsPort = serverXmlDefault("https.port");
        assertThat(((Map<?, ?>) spec.get("service")).get("port").toString()).isEqualTo(httpsPort);
        Map<?, ?> probes = (Map<?, ?>) spec.get("probes");
        assertThat(probes.keySet().stream().map(Object::toString).toList()).containsExactlyInAnyOrder("startup", "liveness", "readiness");
        Map<String, String> expected = Map.of("startup", "/health/started", "liveness", "/health/live", "readiness", "/health/ready");
        for (var probe : probes.entrySet()) {
            Map<?, ?> get = (Map<?, ?>) ((Map<?, ?>) probe.getValue()).get("httpGet");
            assertThat(get.get("path")).isEqualTo(expected.get(probe.getKey()));
            assertThat(get.get("port").toString()).isEqualTo(httpsPort);
            assertThat(ChillflowServer.get(get.get("path").toString(), null).statusCode()).as(get.get("path") + " on the server").isIn(200, 503);
        }
        String metricsPath = ((Map<?, ?>) list(((Map<?, ?>) spec.get("monitoring")).get("endpoints")).get(0)).get("path").toString();
        assertThat(ChillflowServer.get(metricsPath, null).statusCode()).isEqualTo(200);
        assertThat(list(spec.get("envFrom")).stream().map(Object::toString).toList())
                .anySatisfy(e -> assertThat(e).contains("chillflow-config")).anySatisfy(e -> assertThat(e).contains("chillflow-secrets"));

        // every variable the manifests set is a setting the server reads
        Set<String> settings = knownSettings();
        Map<?, ?> config = (Map<?, ?>) byKindAndName.get("ConfigMap/chillflow-config").get("data");
        assertThat(settings).as("settings the server reads").containsAll(config.keySet().stream().map(Object::toString).toList());
        for (String line : Files.readAllLines(OPENSHIFT.resolve("base/secret.env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                assertThat(settings).contains(line.substring(0, line.indexOf('=')));
            }
        }

        // the in-cluster services and topics are the ones the ConfigMap names
        assertThat(config.get("CHILLFLOW_DB_HOST")).isEqualTo("chillflow-postgresql");
        assertThat(servicePort(byKindAndName, "chillflow-postgresql")).isEqualTo(config.get("CHILLFLOW_DB_PORT"));
        assertThat(config.get("CHILLFLOW_REDIS_HOST")).isEqualTo("chillflow-redis");
        assertThat(servicePort(byKindAndName, "chillflow-redis")).isEqualTo(config.get("CHILLFLOW_REDIS_PORT"));
        // the zone windows' own Redis, on the stream's Redis port (the windows' port is the stream's unless set)
        assertThat(config.get("CHILLFLOW_WINDOWS_REDIS_HOST")).isEqualTo("chillflow-redis-windows");
        assertThat(config.containsKey("CHILLFLOW_WINDOWS_REDIS_PORT")).isFalse();
        assertThat(servicePort(byKindAndName, "chillflow-redis-windows")).isEqualTo(config.get("CHILLFLOW_REDIS_PORT"));
        Map<?, ?> kafka = (Map<?, ?>) ((Map<?, ?>) byKindAndName.get("Kafka/chillflow-kafka").get("spec")).get("kafka");
        Object plainPort = ((Map<?, ?>) list(kafka.get("listeners")).get(0)).get("port");
        assertThat(config.get("CHILLFLOW_KAFKA_BOOTSTRAP")).isEqualTo("chillflow-kafka-kafka-bootstrap:" + plainPort);
        Set<String> topics = new TreeSet<>();
        byKindAndName.forEach((key, manifest) -> {
            if (key.startsWith("KafkaTopic/")) {
                topics.add(key.substring(11) + ":" + ((Map<?, ?>) manifest.get("spec")).get("partitions"));
            }
        });
        String shipped = property(ROOT.resolve("core/src/main/resources/META-INF/microprofile-config.properties"), "chillflow.kafka.topics");
        assertThat(topics).isEqualTo(new TreeSet<>(List.of(shipped.split(","))));
        assertThat(config.get("CHILLFLOW_KAFKA_TOPICS")).isEqualTo(shipped);

        // more than one replica, and what that needs: shared SSO keys, a budget for disruptions, a shared data volume
        Map<?, ?> autoscaling = (Map<?, ?>) spec.get("autoscaling");
        assertThat(((Number) autoscaling.get("minReplicas")).intValue()).isGreaterThanOrEqualTo(2);
        assertThat(((Number) autoscaling.get("maxReplicas")).intValue())
                .isGreaterThanOrEqualTo(((Number) autoscaling.get("minReplicas")).intValue());
        assertThat(spec.get("manageLTPA")).as("one LTPA key set for every replica").isEqualTo(true);
        Map<?, ?> budget = (Map<?, ?>) byKindAndName.get("PodDisruptionBudget/chillflow").get("spec");
        assertThat(((Number) budget.get("minAvailable")).intValue()).isEqualTo(1);
        assertThat(((Map<?, ?>) ((Map<?, ?>) budget.get("selector")).get("matchLabels")).get("app.kubernetes.io/instance"))
                .isEqualTo("chillflow");
        assertThat(list(((Map<?, ?>) byKindAndName.get("PersistentVolumeClaim/chillflow-data").get("spec")).get("accessModes"))
                .stream().map(Object::toString).toList()).containsExactly("ReadWriteMany");
        // three brokers, every topic on three of them, two in sync to acknowledge a write; Strimzi owns the topics
        assertThat(((Map<?, ?>) byKindAndName.get("KafkaNodePool/dual-role").get("spec")).get("replicas")).isEqualTo(3);
        Map<?, ?> brokerConfig = (Map<?, ?>) kafka.get("config");
        for (String key : List.of("default.replication.factor", "offsets.topic.replication.factor",
                "transaction.state.log.replication.factor")) {
            assertThat(brokerConfig.get(key)).as(key).isEqualTo(3);
        }
        assertThat(brokerConfig.get("min.insync.replicas")).isEqualTo(2);
        byKindAndName.forEach((key, manifest) -> {
            if (key.startsWith("KafkaTopic/")) {
                Map<?, ?> topic = (Map<?, ?>) manifest.get("spec");
                assertThat(topic.get("replicas")).as(key).isEqualTo(3);
                assertThat(((Map<?, ?>) topic.get("config")).get("min.insync.replicas")).as(key).isEqualTo(2);
            }
        });
        assertThat(Files.readString(OPENSHIFT.resolve("components/strimzi/kustomization.yaml")))
                .as("the server does not make the topics where Strimzi does")
                .containsPattern("name: CHILLFLOW_KAFKA_PROVISION_TOPICS\\s+value: \"false\"");
    }

    @Test
    void composeStartsEverythingInOrderWithWhatExists() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> compose = (Map<String, Object>) new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<?, ?> services = (Map<?, ?>) compose.get("services");
        assertThat(services.keySet().stream().map(Object::toString).toList())
                .containsExactlyInAnyOrder("postgres", "redis", "redis-windows", "kafka", "chillflow", "prometheus", "grafana");
        Map<?, ?> chillflow = (Map<?, ?>) services.get("chillflow");
        assertThat(((Map<?, ?>) chillflow.get("build")).get("dockerfile")).isEqualTo("deploy/openshift/Containerfile");
        Map<?, ?> needs = (Map<?, ?>) chillflow.get("depends_on");
        for (String service : List.of("postgres", "redis", "redis-windows", "kafka")) {
            assertThat(((Map<?, ?>) needs.get(service)).get("condition")).isEqualTo("service_healthy");
            assertThat(((Map<?, ?>) services.get(service)).containsKey("healthcheck")).as(service + " healthcheck").isTrue();
        }
        assertThat(chillflow.containsKey("healthcheck")).as("chillflow healthcheck").isTrue();
        Set<String> settings = knownSettings();
        assertThat(settings).containsAll(((Map<?, ?>) chillflow.get("environment")).keySet().stream().map(Object::toString).toList());
        for (Object service : services.values()) {
            for (Object volume : list(((Map<?, ?>) service).get("volumes"))) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(ROOT.resolve(source)).as("bind mount " + source).exists();
                }
            }
        }
        // one Kafka version: the client (parent pom), the broker jars and the perf tool (tools/), the compose image
        String kafka = pomProperty(ROOT.resolve("pom.xml"), "kafka.version");
        // (each image is CHILLFLOW_IMAGE_<SERVICE>, the names bin/containers exports for its local images)
        assertThat(((Map<?, ?>) services.get("kafka")).get("image").toString())
                .isEqualTo("${CHILLFLOW_IMAGE_KAFKA:-apache/kafka:" + kafka + "}");
        for (String tool : List.of("tools/kafka-broker/pom.xml", "tools/kafka-perf/pom.xml")) {
            assertThat(pomProperty(ROOT.resolve(tool), "kafka.version")).as(tool).isEqualTo(kafka);
        }
        // Prometheus scrapes the server under its compose name and HTTP port
        assertThat(Files.readString(ROOT.resolve("monitoring/prometheus.yml"))).contains("'chillflow:" + serverXmlDefault("http.port") + "'");
    }

    /** Every setting's environment form: MicroProfile Config keys the code reads, server.xml variables, Liberty's logging. */
    private static Set<String> knownSettings() throws IOException {
        Set<String> keys = new TreeSet<>();
        for (String module : List.of("core", "stream-ejb", "web-admin", "batch-jobs")) {
            Path resources = ROOT.resolve(module + "/src/main/resources/META-INF/microprofile-config.properties");
            if (Files.exists(resources)) {
                for (String line : Files.readAllLines(resources)) {
                    if (line.contains("=") && !line.startsWith("#")) {
                        keys.add(line.substring(0, line.indexOf('=')).trim());
                    }
                }
            }
            try (Stream<Path> java = Files.walk(ROOT.resolve(module + "/src/main/java"))) {
                for (Path file : java.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = Pattern.compile("\"(chillflow\\.[a-z0-9.\\-]+)\"").matcher(Files.readString(file));
                    while (m.find()) {
                        keys.add(m.group(1));
                    }
                }
            }
        }
        Matcher variables = Pattern.compile("\\$\\{([a-z0-9.\\-]+)}|<variable name=\"([a-z0-9.\\-]+)\"")
                .matcher(Files.readString(ROOT.resolve("src/main/liberty/config/server.xml")));
        while (variables.find()) {
            keys.add(variables.group(1) != null ? variables.group(1) : variables.group(2));
        }
        Set<String> env = new TreeSet<>();
        keys.forEach(k -> env.add(k.toUpperCase().replaceAll("[.\\-]", "_")));
        env.addAll(List.of("WLP_LOGGING_CONSOLE_FORMAT", "WLP_LOGGING_MESSAGE_FORMAT", "WLP_LOGGING_CONSOLE_SOURCE",
                "MP_CONFIG_PROFILE"));
        return env;
    }

    private static String pomProperty(Path pom, String property) throws IOException {
        Matcher m = Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)</").matcher(Files.readString(pom));
        assertThat(m.find()).as(pom + " " + property).isTrue();
        return m.group(1).trim();
    }

    private static String serverXmlDefault(String variable) throws IOException {
        Matcher m = Pattern.compile("<variable name=\"" + Pattern.quote(variable) + "\" defaultValue=\"([^\"]+)\"")
                .matcher(Files.readString(ROOT.resolve("src/main/liberty/config/server.xml")));
        assertThat(m.find()).as(variable).isTrue();
        return m.group(1);
    }

    private static String property(Path file, String key) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.startsWith(key + "=")).findFirst().orElseThrow().substring(key.length() + 1);
    }

    private static Object servicePort(Map<String, Map<String, Object>> manifests, String service) {
        return ((Map<?, ?>) list(((Map<?, ?>) manifests.get("Service/" + service).get("spec")).get("ports")).get(0)).get("port").toString();
    }

    private static List<?> list(Object value) {
        return value == null ? List.of() : (List<?>) value;
    }
}
