package org.chillflow.web.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed sign-ins per key (a user name, or a client address) over a sliding window: after {@code maxFailures}
 * within {@code window} the key is locked for {@code lockout}; every attempt while locked is refused without
 * looking at the password (so a guess costs the lockout, right or wrong), and a failure after it locks it again
 * at once until the window has passed. A success clears the key. Pure logic, the clock passed in.
 */
final class FailedLogins {

    /** What a failure did: the key's count, and whether this failure locked it (the first of a burst). */
    record Outcome(int failures, boolean lockedNow, Instant lockedUntil) {
    }

    private static final class Entry {
        int failures;
        Instant firstFailure;
        Instant lockedUntil = Instant.MIN;
    }

    /** Keys kept at most: past this, entries whose window and lockout are over are dropped first. */
    static final int MAX_KEYS = 100_000;

    private final int maxFailures;
    private final Duration window;
    private final Duration lockout;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    FailedLogins(int maxFailures, Duration window, Duration lockout) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.lockout = lockout;
    }

    /** When the key may try again, or null when it may now. */
    Instant lockedUntil(String key, Instant now) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        synchronized (entry) {
            return entry.lockedUntil.isAfter(now) ? entry.lockedUntil : null;
        }
    }

    Outcome failed(String key, Instant now) {
        if (entries.size() >= MAX_KEYS) {
            prune(now);
        }
        Entry entry = entries.computeIfAbsent(key, k -> new Entry());
        synchronized (entry) {
            if (entry.firstFailure == null || entry.firstFailure.plus(window).isBefore(now)) {
                entry.failures = 0;
                entry.firstFailure = now;
            }
            entry.failures++;
            boolean wasLocked = entry.lockedUntil.isAfter(now);
            if (entry.failures >= maxFailures) {
                entry.lockedUntil = now.plus(lockout);
            }
            return new Outcome(entry.failures, !wasLocked && entry.failures == maxFailures, entry.lockedUntil);
        }
    }

    void succeeded(String key) {
        entries.remove(key);
    }

    int size() {
        return entries.size();
    }

    private void prune(Instant now) {
        entries.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return !e.getValue().lockedUntil.isAfter(now) && e.getValue().firstFailure.plus(window).isBefore(now);
            }
        });
        if (entries.size() >= MAX_KEYS) {
            entries.clear(); // a flood of distinct keys: forget rather than grow without bound
        }
    }
}
