package org.chillflow.web.security;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Makes guessing passwords cost: failed sign-ins (the console's form and HTTP basic on {@code /api}) are counted per
 * user name and per client address; past {@code chillflow.login.max-failures} (per user; per address
 * {@code chillflow.login.max-failures-per-address}) within {@code chillflow.login.window}, that user or address is
 * refused for {@code chillflow.login.lockout} — 429 with {@code Retry-After} — whatever the password. Counted in
 * {@code chillflow_login_failures_total{method}} and {@code chillflow_login_lockouts_total{scope}}, logged once per
 * burst. The state is per server (a restart forgets it; each replica counts on its own).
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Logger LOG = Logger.getLogger(LoginThrottle.class.getName());

    @Inject
    @ConfigProperty(name = "chillflow.login.max-failures", defaultValue = "5")
    int maxFailures;

    @Inject
    @ConfigProperty(name = "chillflow.login.max-failures-per-address", defaultValue = "20")
    int maxFailuresPerAddress;

    @Inject
    @ConfigProperty(name = "chillflow.login.window", defaultValue = "PT15M")
    Duration window;

    @Inject
    @ConfigProperty(name = "chillflow.login.lockout", defaultValue = "PT1M")
    Duration lockout;

    @Inject
    MetricRegistry metrics;

    private FailedLogins users;
    private FailedLogins addresses;

    @PostConstruct
    void init() {
        users = new FailedLogins(maxFailures, window, lockout);
        addresses = new FailedLogins(maxFailuresPerAddress, window, lockout);
    }

    /** Seconds until this user or address may try again; 0 when it may now. */
    public long retryAfterSeconds(String user, String address) {
        Instant now = Instant.now();
        Instant until = later(users.lockedUntil(userKey(user), now), addresses.lockedUntil(address, now));
        return until == null ? 0 : Math.max(1, Duration.between(now, until).toSeconds() + 1);
    }

    /** Records a failed sign-in ({@code method}: form or basic); returns the seconds now to wait, 0 if none. */
    public long failed(String user, String address, String method) {
        Instant now = Instant.now();
        metrics.counter("chillflow_login_failures_total", new Tag("method", method)).inc();
        FailedLogins.Outcome byUser = users.failed(userKey(user), now);
        FailedLogins.Outcome byAddress = addresses.failed(address, now);
        if (byUser.lockedNow()) {
            metrics.counter("chillflow_login_lockouts_total", new Tag("scope", "user")).inc();
            LOG.warning(() -> "sign-in locked for user " + LogSafe.user(user) + " for " + lockout + " after "
                    + byUser.failures() + " failed attempts (last from " + LogSafe.user(address) + ", " + method + ")");
        }
        if (byAddress.lockedNow()) {
            metrics.counter("chillflow_login_lockouts_total", new Tag("scope", "address")).inc();
            LOG.warning(() -> "sign-in locked for address " + LogSafe.user(address) + " for " + lockout + " after "
                    + byAddress.failures() + " failed attempts");
        }
        return retryAfterSeconds(user, address);
    }

    /**
     * A correct password clears the user's failures, not the address's: an attacker holding one account must not be
     * able to wipe the count of their guesses at the others by signing in between them.
     */
    public void succeeded(String user, String address) {
        users.succeeded(userKey(user));
    }

    private static String userKey(String user) {
        return user == null ? "" : user.trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
