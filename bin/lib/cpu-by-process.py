#!/usr/bin/env python3
"""CPU used per kind of process over a stretch of a benchmark, from /proc (user + system time, all threads).

    cpu-by-process.py snapshot FILE    # at the start: every process's CPU time so far, and the clock
    cpu-by-process.py since FILE       # at the end: one JSON object, cores used per kind over the stretch and
                                       # its length ("seconds")

The kinds are the ChillFlow server (Open Liberty), the Kafka broker, Redis, PostgreSQL (all its backends), the load
generator (the chillflow CLI's JVM) and a reader (Kafka's own consumer tool, which `make bench-stream` runs);
"machine" is the busy time of all cores (/proc/stat), "cpus" the machine's cores, and "rest" the machine's busy time
the kinds do not account for: wrk and other processes that ended before the second snapshot (their time is no longer
in /proc), interrupts and the kernel's threads. On the 2-core benchmark machines this says who had the CPU while a
figure was measured.
"""
import json
import os
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")
KINDS = (("server", "ws-server.jar"), ("kafka", "kafka.Kafka"), ("redis", "redis-server"),
         ("postgres", "postgres"), ("load", "org.chillflow.cli"),
         ("reader", "org.apache.kafka.tools.ConsumerPerformance"))


def kind(pid):
    """The kind of the process, or None for one of no kind named here (its time falls into "rest")."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    for name, marker in KINDS:
        if marker in cmdline:
            return name
    return None


def busy_seconds():
    """All cores' busy time so far: the first line of /proc/stat less idle and iowait (guest time is in user)."""
    with open("/proc/stat") as f:
        ticks = [int(v) for v in f.readline().split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / TICKS


def snapshot():
    cpu = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        # after the command: state is field 3 of stat, utime 14 and stime 15 (1-based), so 11 and 12 here
        cpu[entry] = [kind(entry), (int(fields[11]) + int(fields[12])) / TICKS]
    return {"clock": time.monotonic(), "busy": busy_seconds(), "cpu": cpu}


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("snapshot", "since"):
        sys.exit("usage: cpu-by-process.py snapshot|since FILE")
    command, path = sys.argv[1], sys.argv[2]
    if command == "snapshot":
        with open(path, "w") as f:
            json.dump(snapshot(), f)
        return
    try:
        with open(path) as f:
            before = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f"cpu-by-process.py: no snapshot to measure from in {path} ({e.__class__.__name__}): run 'snapshot' first")
    now = snapshot()
    seconds = now["clock"] - before["clock"]
    used = {name: 0.0 for name, _ in KINDS}
    for pid, (name, cpu) in now["cpu"].items():
        if name in used:
            used[name] += cpu - before["cpu"].get(pid, [name, 0.0])[1]  # a process started meanwhile: all of its time
    cores = {name: round(value / seconds, 2) for name, value in used.items()}
    machine = (now["busy"] - before["busy"]) / seconds
    cores["rest"] = round(max(0.0, machine - sum(used.values()) / seconds), 2)
    cores["machine"] = round(machine, 2)
    cores["cpus"] = os.cpu_count()
    cores["seconds"] = round(seconds, 2)
    print(json.dumps(cores))


if __name__ == "__main__":
    main()
