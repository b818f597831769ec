package org.chillflow.web.schedule;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;


import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RunAs;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import org.chillflow.core.schedule.ScheduleDefinition;
import org.chillflow.core.schedule.ScheduleStore;
import org.chillflow.web.security.Roles;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Fires the configured schedules ({@code chillflow.schedule.*}, see {@link ScheduleDefinition}): a
 * non-persistent EJB timer ticks every {@code chillflow.schedule.tick} (default PT15S), claims the due
 * schedules through the database lease ({@link ScheduleStore#claim}) and starts their jobs as the
 * {@code scheduler} user (run-as operator: Liberty's batch roles apply to scheduled jobs too). The pseudo-job
 * {@code ingest-inbox} starts ingest-month for each new {@code *_YYYY-MM.parquet|csv} in
 * {@code <data dir>/inbox} (one whose {@code .curated} directory does not exist yet).
 */
@Singleton
@Startup
@RunAs(Roles.OPERATOR)
public class JobScheduler {

    private static final Logger LOG = Logger.getLogger(JobScheduler.class.getName());
    static final String INGEST_INBOX = "ingest-inbox";
    private static final Pattern MONTH_FILE = Pattern.compile(".*?(\\d{4}-\\d{2})\\.(parquet|csv)");

    @Resource
    TimerService timers;

    @jakarta.inject.Inject
    org.chillflow.web.persistence.ServerTransactions transactions;

    @jakarta.inject.Inject
    org.chillflow.web.batch.StopRequests stopRequests;

    private volatile boolean registered;
    private String owner;

    @PostConstruct
    void start() {
        Duration tick = ConfigProvider.getConfig().getOptionalValue("chillflow.schedule.tick", Duration.class)
                .orElse(Duration.ofSeconds(15));
        owner = host() + "/" + ProcessHandle.current().pid();
        // the first tick waits one period: the schema is migrated at start-up, by another bean
        timers.createIntervalTimer(tick.toMillis(), tick.toMillis(), new TimerConfig("chillflow-schedules", false));
        LOG.info(() -> "schedules tick every " + tick + " on " + owner);
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // each claim commits on its own: the lease
    void tick() {
        ScheduleStore store = new ScheduleStore(transactions);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        try {
            if (!registered) {
                Config config = ConfigProvider.getConfig();
                store.register(ScheduleDefinition.fromConfig(config.getPropertyNames(),
                        key -> config.getOptionalValue(key, String.class)), now);
                registered = true;
            }
            for (ScheduleStore.Claim claim : store.claim(owner, now)) {
                fire(store, claim);
            }
            stopRequests.honour(); // stops asked of another server for executions this one runs
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "schedules: tick failed, next tick retries: " + e.getMessage(), e);
        }
    }

    private void fire(ScheduleStore store, ScheduleStore.Claim claim) {
        try {
            JobOperator operator = BatchRuntime.getJobOperator();
            if (INGEST_INBOX.equals(claim.job())) {
                List<Long> started = new ArrayList<>();
                for (Properties parameters : newInboxMonths()) {
                    started.add(operator.start("ingest-month", parameters));
                }
                store.recordFiring(claim.name(), started.isEmpty() ? null : started.get(started.size() - 1), null);
                LOG.info(() -> "schedule " + claim.name() + ": inbox gave executions " + started);
            } else {
                Properties parameters = new Properties();
                parameters.putAll(claim.parameters());
                long execution = operator.start(claim.job(), parameters);
                store.recordFiring(claim.name(), execution, null);
                LOG.info(() -> "schedule " + claim.name() + ": started " + claim.job() + " execution " + execution);
            }
        } catch (RuntimeException e) {
            store.recordFiring(claim.name(), null, e.getClass().getSimpleName() + ": " + e.getMessage());
            LOG.log(Level.WARNING, "schedule " + claim.name() + " could not start " + claim.job(), e);
        }
    }

    /** ingest-month parameters for each month file of the inbox not curated yet. */
    static List<Properties> newInboxMonths() {
        Path inbox = Path.of(ConfigProvider.getConfig().getValue("chillflow.data.dir", String.class), "inbox")
                .toAbsolutePath().normalize();
        List<Properties> months = new ArrayList<>();
        if (!Files.isDirectory(inbox)) {
            return months;
        }
        try (Stream<Path> files = Files.list(inbox)) {
            for (Path file : files.sorted().toList()) {
                Matcher name = MONTH_FILE.matcher(file.getFileName().toString());
                if (Files.isRegularFile(file) && name.matches()
                        && !Files.exists(file.resolveSibling(file.getFileName() + ".curated"))) {
                    Properties parameters = new Properties();
                    parameters.setProperty("input", file.toString());
                    parameters.setProperty("month", name.group(1));
                    months.add(parameters);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return months;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
