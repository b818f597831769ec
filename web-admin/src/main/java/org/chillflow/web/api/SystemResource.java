package org.chillflow.web.api;

import org.chillflow.core.config.ServerClients;
import org.chillflow.web.security.Roles;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

/** Versions and uptime, for the console's system view. */
@Path("/system")
@RequestScoped
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
public class SystemResource {

    @Inject
    ServerClients clients;

    @Inject
    org.chillflow.web.startup.ApplicationStartup startup;

    @GET
    @Operation(summary = "Versions (ChillFlow, Java, Kafka client, Redis server) and server uptime")
    public Map<String, String> system() {
        Map<String, String> info = new LinkedHashMap<>();
        Package own = SystemResource.class.getPackage();
        info.put("chillflow", own.getImplementationVersion() == null ? "development build" : own.getImplementationVersion());
        info.put("server", System.getProperty("wlp.server.name", "?"));
        info.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        info.put("kafka client", KAFKA_CLIENT_VERSION);
        try {
            String server = clients.redis().info("server");
            info.put("redis", server.lines().filter(l -> l.startsWith("redis_version:")).map(l -> l.substring(14))
                    .findFirst().orElse("?"));
        } catch (RuntimeException e) {
            info.put("redis", "unreachable"); // the reason is in the server log (the readiness check's)
        }
        info.put("schema", startup.schemaVersion() == null ? "not migrated" : startup.schemaVersion());
        info.put("jpa mapping", startup.mappingValidated() ? org.chillflow.core.persistence.Entities.ALL.size()
                + " entities match the schema" : "not checked");
        info.put("uptime", Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()).withNanos(0).toString());
        return info;
    }

    /** Read once: the jar does not change while the server runs. */
    private static final String KAFKA_CLIENT_VERSION = kafkaClientVersion();

    /** The client jar's own version file (Kafka 4.4 moved its version class into an internal package). */
    static String kafkaClientVersion() {
        try (java.io.InputStream in = org.apache.kafka.clients.producer.KafkaProducer.class
                .getResourceAsStream("/kafka/kafka-version.properties")) {
            java.util.Properties version = new java.util.Properties();
            if (in != null) {
                version.load(in);
            }
            return version.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
